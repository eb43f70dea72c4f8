package dev.synergen.tokenization.reject;




/** A refused input record: the row written to {@code rejects} (the job adds stage, run id and time). */
public record RejectedRecord(String source, String sourceKey, RejectReason reason, String detail) {}

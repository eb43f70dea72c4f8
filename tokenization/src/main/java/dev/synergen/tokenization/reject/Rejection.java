package dev.synergen.tokenization.reject;

import java.util.Objects;

/** A reason code plus a human detail that names the thing, the expected and the actual value. */
public record Rejection(RejectReason reason, String detail) {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}

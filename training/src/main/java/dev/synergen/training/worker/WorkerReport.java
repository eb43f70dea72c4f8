package dev.synergen.training.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What one worker did in one round, returned by its barrier task as JSON (no Kryo registrations,
 * no Java serialization): the logged intervals, the rows it refused, the work, the bytes of the
 * exchange between workers and the bytes of its inner state written as the round's checkpoint.
 */
public record WorkerReport(int worker, int stageAttempt, String executor, String assignedGpu, String device, long steps, long rows, long samples,
    long tokens, double trainMillis, double exchangeMillis, long bytesWritten, long bytesRead, long stateBytes,
    long skippedSteps,
    double lastLoss, double lastTextLoss, double lastImageLoss, List<Interval> intervals, List<Reject> rejects) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Mean losses, mean step time and summed tokens of the logged steps ending at {@code step}. */
  public record Interval(long step, double loss, double textLoss, double imageLoss, double lr, long tokens,
      double stepMillis, double gradNorm, long skipped, long samples) {}

  /** A row the model could not take, with the error class as reason. */
  public record Reject(String seqId, String reason, String detail) {}

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report of plain values always serialises", e);
    }
  }

  public static WorkerReport fromJson(String json) {
    try {
      return JSON.readValue(json, WorkerReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a worker returned a malformed report: " + e.getOriginalMessage(), e);
    }
  }
}

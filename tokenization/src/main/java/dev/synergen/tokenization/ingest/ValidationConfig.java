package dev.synergen.tokenization.ingest;

import dev.synergen.core.run.FaultPlan;
import dev.synergen.tokenization.image.ImageConfig;
import java.util.Objects;

/**
 * Everything per-record validation needs: image limits, caption limits, the split fractions, and
 * the job's fault plan (its {@code decode} point fires inside the executors' decoders).
 */
public record ValidationConfig(ImageConfig image, CaptionConfig caption, HashSplit split, FaultPlan faults)
    implements java.io.Serializable {
  public ValidationConfig {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(split, "split");
    faults = faults == null ? FaultPlan.none() : faults;
  }

  public ValidationConfig(ImageConfig image, CaptionConfig caption, HashSplit split) {
    this(image, caption, split, FaultPlan.none());
  }

  public static ValidationConfig defaults() {
    return new ValidationConfig(ImageConfig.defaults(), CaptionConfig.defaults(), HashSplit.defaults());
  }
}

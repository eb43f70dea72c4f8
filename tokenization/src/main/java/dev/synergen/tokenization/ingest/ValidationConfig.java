package dev.synergen.tokenization.ingest;

import dev.synergen.tokenization.image.ImageConfig;
import java.util.Objects;

/** Everything per-record validation needs: image limits, caption limits and the split fractions. */
public record ValidationConfig(ImageConfig image, CaptionConfig caption, HashSplit split)
    implements java.io.Serializable {
  public ValidationConfig {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(split, "split");
  }

  public static ValidationConfig defaults() {
    return new ValidationConfig(ImageConfig.defaults(), CaptionConfig.defaults(), HashSplit.defaults());
  }
}

package dev.synergen.tokenization.pack;

import dev.synergen.tokenization.artifact.ArtifactLocation;
import dev.synergen.tokenization.text.TextCodec;
import dev.synergen.tokenization.text.TextCodecs;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.SparkSession;

/**
 * The tokenizers a pack job reads on the driver: the image tokenizer's version and configuration,
 * and the text tokenizer with the payload its executors rebuild it from (read once).
 */
record PackTokenizers(String imageVersion, VqConfig vq, TextCodec text, String textPayload) {
  static PackTokenizers load(SparkSession spark, PackConfig config) {
    try (VqTokenizer tokenizer = VqTokenizer.load(ArtifactLocation.local(spark, config.imageTokenizer()))) {
      String payload = TextCodecs.payload(ArtifactLocation.local(spark, config.textTokenizer()));
      return new PackTokenizers(tokenizer.version(), tokenizer.config(), TextCodecs.fromPayload(payload), payload);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizers", e);
    }
  }
}

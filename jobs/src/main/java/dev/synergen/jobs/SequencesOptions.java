package dev.synergen.jobs;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.spark.SparkSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of benchmarks that train on a lakehouse's sequences: where they are, their tokenizer, the preset. */
final class SequencesOptions {
  @Option(names = "--lakehouse", paramLabel = "DIR", description = "Lakehouse with sequences (default: ./lakehouse).")
  String lakehouse = "lakehouse";

  @Option(names = "--tokenizer", paramLabel = "DIR",
      description = "Tokenizer directory the sequences were packed with (default: <lakehouse>/_artifacts/tokenizer).")
  Path tokenizer;

  @Option(names = "--preset", paramLabel = "NAME", description = "Model preset (default: small).")
  String preset = "small";

  Lakehouse lakehouse() {
    return new Lakehouse(lakehouse);
  }

  Path tokenizerDir() {
    return tokenizer != null ? tokenizer : Path.of(lakehouse().artifacts("tokenizer"));
  }

  /** The embedded Spark session of a benchmark, on this lakehouse. */
  JobContext start(String app) {
    return JobContext.start(lakehouse(), SparkSettings.embedded(app), System.out);
  }
}

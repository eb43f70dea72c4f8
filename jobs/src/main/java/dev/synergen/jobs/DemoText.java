package dev.synergen.jobs;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** The progressive demo's text corpus: the distinct captions of {@code raw_pairs}' train split, one per line. */
final class DemoText {
  static final String FILE = "captions.txt";

  private DemoText() {}

  /**
   * Writes {@code dir/captions.txt}, sorted so that a re-run writes the same bytes. Only the train
   * split: a held-out pair's caption in the text corpus would leak it into the base model.
   */
  static Path writeCaptions(SparkSession spark, Lakehouse lakehouse, Path dir, PrintStream out) throws IOException {
    List<Row> rows = DeltaTables.read(spark, lakehouse, PipelineTables.RAW_PAIRS)
        .filter(functions.col("split").equalTo("train"))
        .select("caption").distinct().orderBy("caption").collectAsList();
    StringBuilder text = new StringBuilder();
    for (Row r : rows) {
      text.append(r.getString(0).replaceAll("\\s+", " ").strip()).append('\n');
    }
    Path file = Files.createDirectories(dir).resolve(FILE);
    AtomicFiles.writeString(file, text.toString());
    out.printf("text corpus: %,d distinct train captions in %s%n", rows.size(), file);
    return file;
  }
}

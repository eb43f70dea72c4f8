package dev.synergen.tokenization.hostile;

import dev.synergen.tokenization.fixtures.TestImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Hostile parquet input (read with a 1 MiB member limit): cells over the limits, keys that are not
 * names, captions that are not text, a file without a parseable footer and one with a corrupt page.
 */
final class HostileParquet {
  private static final StructType SCHEMA = new StructType().add("key", DataTypes.StringType)
      .add("jpg", DataTypes.BinaryType).add("txt", DataTypes.BinaryType);

  private final SparkSession spark;
  private final Path dir;
  final Map<String, String> expected = new LinkedHashMap<>();
  private int images;

  HostileParquet(SparkSession spark, Path dir) {
    this.spark = spark;
    this.dir = dir;
  }

  HostileParquet write() throws IOException {
    List<Row> rows = new ArrayList<>();
    row(rows, "ok", image(), "a gradient", "ACCEPTED");
    row(rows, "image-cell-2mib", new byte[2 << 20], "an oversized cell", "FILE_TOO_LARGE");
    row(rows, "caption-cell-1.5mib", image(), "c".repeat(3 << 19), "FILE_TOO_LARGE");
    row(rows, "esc\u001b]0;owned\u0007", image(), "escape sequence key", "UNSAFE_PATH");
    row(rows, "rlo\u202egnp.exe", image(), "bidi override key", "UNSAFE_PATH");
    row(rows, "../../etc/passwd", image(), "path key", "UNSAFE_PATH");
    row(rows, "/abs/key", image(), "absolute key", "UNSAFE_PATH");
    row(rows, "caption-nul", image(), "a\u0000b", "CAPTION_CONTROL_CHARACTER");
    rows.add(RowFactory.create("caption-bad-utf8", image(), new byte[] {'a', (byte) 0xc3, 'b'}));
    expected.put(file("good") + "|caption-bad-utf8", "CAPTION_BAD_UTF8");
    row(rows, "no-image", null, "a failed download", "MISSING_IMAGE");
    parquet("good", rows);

    Path broken = parquet("broken", List.of(RowFactory.create("lost", image(), utf8("lost with the footer"))));
    try (RandomAccessFile f = new RandomAccessFile(broken.toFile(), "rw")) {
      f.seek(f.length() - 8);
      f.write(new byte[] {1, 2, 3, 4});
    }
    expected.put(broken.getFileName() + "|", "UNREADABLE_SOURCE");

    List<Row> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(RowFactory.create(String.format("k%03d", i), TestImages.png(8, 8), utf8("caption " + i)));
    }
    Path paged = parquet("paged", many);
    long before = 0;
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(paged.toString()), new Configuration()));
        RandomAccessFile f = new RandomAccessFile(paged.toFile(), "rw")) {
      var groups = reader.getRowGroups();
      for (int g = 0; g < groups.size() - 1; g++) {
        before += groups.get(g).getRowCount();
      }
      f.seek(groups.get(groups.size() - 1).getStartingPos());
      f.write(new byte[64]); // the last row group's first page header is garbage now
    }
    // Spark's reader hands out each row group as it goes: the groups before the damage are kept
    for (int i = 0; i < before; i++) {
      expected.put(paged.getFileName() + "|" + String.format("k%03d", i), "ACCEPTED");
    }
    expected.put(paged.getFileName() + "|", "UNREADABLE_SOURCE");
    return this;
  }

  private byte[] image() {
    return TestImages.png(8, 8 + images++);
  }

  private void row(List<Row> rows, String key, byte[] image, String caption, String verdict) {
    rows.add(RowFactory.create(key, image, utf8(caption)));
    String shown = key.replace("\u001b", "\\u001B").replace("\u0007", "\\u0007").replace("\u202e", "\\u202E");
    expected.put(file("good") + "|" + shown, verdict);
  }

  private static String file(String name) {
    return name + ".parquet";
  }

  /** The file Spark wrote under {@code name}/ moved to {@code name.parquet}, as a corpus would hold it. */
  private Path parquet(String name, List<Row> rows) throws IOException {
    Path out = dir.resolve("spark-" + name);
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().option("parquet.block.size", 1024).parquet(out.toString());
    Path part;
    try (Stream<Path> files = Files.list(out)) {
      part = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path target = Files.move(part, dir.resolve(file(name)));
    try (Stream<Path> rest = Files.list(out)) {
      for (Path p : (Iterable<Path>) rest::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(out);
    return target;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

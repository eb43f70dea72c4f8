package dev.synergen.tokenization.ml;

import dev.synergen.tokenization.artifact.ArtifactLocation;
import dev.synergen.tokenization.text.VocabularyRemap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import org.apache.spark.ml.util.Identifiable$;

/**
 * Encodes a string column into compact BPE ids ({@code array<int>}, UNK for pieces outside the
 * vocabulary) with the {@link VocabularyRemap} saved at {@code modelPath}; a null string gives
 * null ids. BPE is light per-row CPU work, so unlike {@link ImageTokenizer} it has no batch size
 * or device: the remap (kilobytes) travels inside the task and is parsed once per executor JVM.
 */
public final class TextTokenizer extends ColumnTokenizer<TextTokenizer> {
  public TextTokenizer() {
    this(Identifiable$.MODULE$.randomUID("textTokenizer"));
  }

  public TextTokenizer(String uid) {
    super(uid, "string column to tokenize", "caption", "column for the compact ids, array<int>", "text_ids",
        "a saved vocabulary remap (VocabularyRemap.save)");
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String out = $(outputCol());
    requireInput(schema, DataTypes.StringType, "a string");
    requireNewColumn(schema, out);
    requireModelPath("a saved vocabulary remap");
    return schema.add(out, DataTypes.createArrayType(DataTypes.IntegerType, false), true);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String json;
    try {
      Path file = ArtifactLocation.local(dataset.sparkSession(), $(modelPath()));
      VocabularyRemap.load(file);
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the vocabulary remap at " + $(modelPath()), e);
    }
    UserDefinedFunction encode = functions.udf(new Encode(json), DataTypes.createArrayType(DataTypes.IntegerType, false));
    return dataset.withColumn($(outputCol()), encode.apply(functions.col($(inputCol()))));
  }

  /** The per-row function; holds the remap as JSON so it ships with the task. */
  private static final class Encode implements UDF1<String, int[]> {
    private final String remapJson;

    Encode(String remapJson) {
      this.remapJson = remapJson;
    }

    @Override
    public int[] call(String text) {
      return text == null ? null : ModelCache.text(remapJson).encode(text);
    }
  }

  public static MLReader<TextTokenizer> read() {
    return new DefaultParamsReader<>();
  }

  public static TextTokenizer load(String path) {
    return read().load(path);
  }
}

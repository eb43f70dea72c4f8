package dev.synergen.tokenization.ml;

import dev.synergen.tokenization.artifact.ArtifactLocation;
import dev.synergen.tokenization.text.TextCodecs;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Encodes a string column into text ids ({@code array<int>}) with the text tokenizer at {@code
 * modelPath}: a saved {@link dev.synergen.tokenization.text.VocabularyRemap} (compact BPE ids, UNK
 * for pieces outside it) or an LLM's tokenizer directory; a null string gives null ids. Text
 * tokenization is light per-row CPU work, so unlike {@link ImageTokenizer} it has no batch size or
 * device: the tokenizer travels inside the task as one string and is parsed once per executor JVM.
 */
public final class TextTokenizer extends ColumnTokenizer<TextTokenizer> {
  public TextTokenizer() {
    this(Identifiable$.MODULE$.randomUID("textTokenizer"));
  }

  public TextTokenizer(String uid) {
    super(uid, "string column to tokenize", "caption", "column for the text ids, array<int>", "text_ids",
        "a saved vocabulary remap (VocabularyRemap.save) or an LLM tokenizer directory (tokenizer.json, config.json)");
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String out = $(outputCol());
    requireInput(schema, DataTypes.StringType, "a string");
    requireNewColumn(schema, out);
    requireModelPath("a saved vocabulary remap or an LLM tokenizer directory");
    return schema.add(out, DataTypes.createArrayType(DataTypes.IntegerType, false), true);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String payload;
    try {
      payload = TextCodecs.payload(ArtifactLocation.local(dataset.sparkSession(), $(modelPath())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the text tokenizer at " + $(modelPath()), e);
    }
    UserDefinedFunction encode = functions.udf(new Encode(payload), DataTypes.createArrayType(DataTypes.IntegerType, false));
    return dataset.withColumn($(outputCol()), encode.apply(functions.col($(inputCol()))));
  }

  /** The per-row function; holds the tokenizer as one string so it ships with the task. */
  private static final class Encode implements UDF1<String, int[]> {
    private final String payload;

    Encode(String payload) {
      this.payload = payload;
    }

    @Override
    public int[] call(String text) {
      return text == null ? null : ModelCache.text(payload).encode(text);
    }
  }

  public static MLReader<TextTokenizer> read() {
    return new DefaultParamsReader<>();
  }

  public static TextTokenizer load(String path) {
    return read().load(path);
  }
}

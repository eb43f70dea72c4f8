package dev.synergen.tokenization.ml;

import dev.synergen.tokenization.TokenizationErrors;
import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The Params every tokenizer transformer shares (an input column, an output column, a saved
 * model at {@code modelPath}) and their schema checks, like Spark ML's HasInputCol/HasOutputCol.
 */
public abstract class ColumnTokenizer<T extends ColumnTokenizer<T>> extends Transformer
    implements DefaultParamsWritable {
  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> modelPath;

  protected ColumnTokenizer(String uid, String inputDoc, String defaultInput, String outputDoc,
      String defaultOutput, String modelDoc) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", inputDoc);
    outputCol = new Param<>(this, "outputCol", outputDoc);
    modelPath = new Param<>(this, "modelPath", modelDoc);
    setDefault(inputCol, defaultInput);
    setDefault(outputCol, defaultOutput);
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> modelPath() {
    return modelPath;
  }

  public T setInputCol(String value) {
    set(inputCol, value);
    return self();
  }

  public T setOutputCol(String value) {
    set(outputCol, value);
    return self();
  }

  public T setModelPath(String value) {
    set(modelPath, value);
    return self();
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public T copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** The input column's name, after checking it exists with {@code type} ({@code what} explains the type). */
  protected final String requireInput(StructType schema, DataType type, String what) {
    String in = $(inputCol);
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw TokenizationErrors.error(TokenizationErrors.ML_SCHEMA_INVALID, "input column '" + in + "' is missing; the columns are "
          + Arrays.toString(schema.fieldNames()));
    }
    if (!schema.apply(in).dataType().equals(type)) {
      throw TokenizationErrors.error(TokenizationErrors.ML_SCHEMA_INVALID, "input column '" + in + "' must be " + what + ", got "
          + schema.apply(in).dataType().simpleString());
    }
    return in;
  }

  /** Refuses to overwrite an existing column. */
  protected static void requireNewColumn(StructType schema, String column) {
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw TokenizationErrors.error(TokenizationErrors.ML_SCHEMA_INVALID, "output column '" + column + "' already exists; choose another name");
    }
  }

  /** Refuses to run without a model; {@code what} says what modelPath should point at. */
  protected final void requireModelPath(String what) {
    if (!isDefined(modelPath)) {
      throw TokenizationErrors.error(TokenizationErrors.ML_PARAM_INVALID, "modelPath is not set; point it at " + what);
    }
  }
}

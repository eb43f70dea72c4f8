package dev.synergen.tokenization.ml;

import dev.synergen.core.io.Sha256;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.artifact.ArtifactBytes;
import dev.synergen.tokenization.artifact.ArtifactLocation;
import dev.synergen.tokenization.device.IntraOpThreads;
import dev.synergen.tokenization.device.TaskDevice;
import dev.synergen.tokenization.vq.VqConfig;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import org.apache.spark.ml.util.Identifiable$;

/**
 * Encodes an image column (PNG/JPEG bytes) into VQ code grids (row-major {@code array<int>}).
 *
 * <p>The driver packs the tokenizer artifact at {@code modelPath} and broadcasts it; each
 * executor JVM loads it once ({@link ModelCache}) on the task's device, and each partition
 * encodes its rows {@code batchSize} images at a time with {@code spark.task.cpus} libtorch threads
 * ({@link IntraOpThreads}: Spark already runs a task per core). Images are decoded by the guarded
 * {@link dev.synergen.tokenization.image.ImageDecoder} (default limits: 40 MP, a quarter of the heap
 * for decodes in flight, one minute per decode), centre-cropped and resampled to the tokenizer's
 * resolution. With {@code errorCol} set, a row whose image cannot be decoded gets null codes and
 * {@code "<RejectReason>: detail"} in that column (e.g. {@code NOT_AN_IMAGE: ...}) instead of failing
 * the job.
 */
public final class ImageTokenizer extends ColumnTokenizer<ImageTokenizer> {
  private final IntParam batchSize;
  private final Param<String> device;
  private final Param<String> errorCol;

  public ImageTokenizer() {
    this(Identifiable$.MODULE$.randomUID("imageTokenizer"));
  }

  public ImageTokenizer(String uid) {
    super(uid, "column of encoded image bytes (binary)", "image", "column for the code grid, row-major array<int>",
        "image_codes", "directory of a saved VQ tokenizer (VqTokenizer.save or a checkpoint)");
    batchSize = new IntParam(this, "batchSize", "images per forward pass (>= 1)", ParamValidators.gtEq(1));
    device = new Param<>(this, "device", "auto (the task's GPU if Spark assigned one, else CPU), cpu or gpu");
    errorCol = new Param<>(this, "errorCol", "if not empty, column for the reason a row could not be encoded; "
        + "such rows get null codes instead of failing the job");
    setDefault(batchSize, 32);
    setDefault(device, "auto");
    setDefault(errorCol, "");
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public int getBatchSize() {
    return (Integer) getOrDefault(batchSize);
  }

  public Param<String> device() {
    return device;
  }

  public Param<String> errorCol() {
    return errorCol;
  }

  public ImageTokenizer setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  public ImageTokenizer setDevice(String value) {
    TaskDevice.requireValidChoice(value, "device");
    set(device, value);
    return this;
  }

  public ImageTokenizer setErrorCol(String value) {
    set(errorCol, value);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String out = $(outputCol());
    String err = $(errorCol);
    requireInput(schema, DataTypes.BinaryType, "binary (encoded image bytes)");
    requireNewColumn(schema, out);
    if (!err.isEmpty()) {
      requireNewColumn(schema, err);
    }
    if (out.equals(err)) {
      throw TokenizationErrors.error(TokenizationErrors.ML_SCHEMA_INVALID, "outputCol and errorCol are both '" + out + "'");
    }
    requireModelPath("a saved VQ tokenizer directory");
    StructType result = schema.add(new StructField(out, DataTypes.createArrayType(DataTypes.IntegerType, false),
        !err.isEmpty(), org.apache.spark.sql.types.Metadata.empty()));
    return err.isEmpty() ? result : result.add(err, DataTypes.StringType, true);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outSchema = transformSchema(dataset.schema());
    Path dir = ArtifactLocation.local(dataset.sparkSession(), $(modelPath()));
    byte[] packed;
    VqConfig config;
    try {
      packed = ArtifactBytes.pack(dir);
      config = VqTokenizer.configOf(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer at " + dir, e);
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    Broadcast<byte[]> model = context.broadcast(packed);
    ImageTokenizerPartition encode = new ImageTokenizerPartition(Sha256.hex(packed), model,
        dataset.schema().fieldIndex($(inputCol())), getBatchSize(), $(device), config.imageSize(), !$(errorCol).isEmpty());
    return dataset.toDF().mapPartitions(encode, Encoders.row(outSchema));
  }

  public static MLReader<ImageTokenizer> read() {
    return new DefaultParamsReader<>();
  }

  public static ImageTokenizer load(String path) {
    return read().load(path);
  }
}

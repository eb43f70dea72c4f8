package dev.synergen.tokenization.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import dev.synergen.core.PipelineException;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.tokenization.bench.ShapesLikeImages;
import dev.synergen.tokenization.device.IntraOpThreads;
import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.fixtures.TestImages;
import dev.synergen.tokenization.fixtures.TinyTokenizers;
import dev.synergen.tokenization.image.ImageFitting;
import dev.synergen.tokenization.text.BpeTextTokenizer;
import dev.synergen.tokenization.text.VocabularyRemap;
import dev.synergen.tokenization.vq.ImageBatch;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer transformers on a local Spark session with Kryo registrationRequired. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenizerTransformersTest {
  private static final StructType SCHEMA = new StructType()
      .add("pair_id", DataTypes.StringType, false)
      .add("image", DataTypes.BinaryType, true)
      .add("caption", DataTypes.StringType, true);
  private static final String[] CAPTIONS = {"a red circle", "two blue squares", "a green triangle on white"};

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;
  private Path vqPath;
  private Path remapPath;
  private List<BufferedImage> images;

  @BeforeAll
  void models(@TempDir Path models) throws Exception {
    vqPath = TinyTokenizers.vq(models.resolve("vq"), 5);
    remapPath = TinyTokenizers.remap(models.resolve("text_remap.json"), CAPTIONS);
    ShapesLikeImages scenes = new ShapesLikeImages(32, 3);
    images = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      images.add(scenes.image(i));
    }
  }

  @AfterAll
  void clearCache() {
    ModelCache.clear();
  }

  private static byte[] png(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private Dataset<Row> pairs(int partitions) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      rows.add(RowFactory.create("p" + i, png(images.get(i)), CAPTIONS[i % CAPTIONS.length]));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions).sortWithinPartitions("pair_id");
  }

  private static Map<String, int[]> column(Dataset<Row> rows, String name) {
    Map<String, int[]> out = new java.util.TreeMap<>();
    for (Row r : rows.collectAsList()) {
      int i = r.fieldIndex(name);
      out.put(r.getString(0), r.isNullAt(i) ? null
          : r.<Integer>getList(i).stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  @Test
  void imageCodesEqualTheTokenizersOwnEncodingWhateverTheBatchSize() throws Exception {
    int[] expected;
    try (VqTokenizer t = VqTokenizer.load(vqPath)) {
      expected = t.encode(ImageBatch.of(images, 32)).codes();
    }
    for (int batch : new int[] {1, 3, 32}) {
      Map<String, int[]> codes = column(new ImageTokenizer().setModelPath(vqPath.toString()).setBatchSize(batch)
          .transform(pairs(2)), "image_codes");
      assertEquals(images.size(), codes.size());
      for (int i = 0; i < images.size(); i++) {
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, i * 64, (i + 1) * 64), codes.get("p" + i),
            "image " + i + " at batch size " + batch);
      }
    }
    assertEquals(1, ModelCache.imageModelsLoaded(), "the model is loaded once per JVM, not per task or batch");
  }

  @Test
  void eachTaskEncodesWithItsTaskCpusAsIntraOpThreads() throws Exception {
    // downstream of the encoder, in the same task thread: oversubscribe, then let the encoder pull the rows
    MapPartitionsFunction<Row, Integer> threadsAfterEncoding = rows -> {
      IntraOpThreads.apply(3);
      while (rows.hasNext()) {
        rows.next();
      }
      return List.of(JniUtils.getNumThreads()).iterator();
    };
    List<Integer> threads = new ImageTokenizer().setModelPath(vqPath.toString()).setBatchSize(2)
        .transform(pairs(2)).mapPartitions(threadsAfterEncoding, Encoders.INT()).collectAsList();
    assertEquals(List.of(1, 1), threads, "spark.task.cpus is 1 in the test session");
  }

  @Test
  void aPipelineOfBothTokenizersSavesAndLoadsWithIdenticalOutput() throws Exception {
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new ImageTokenizer().setModelPath(vqPath.toString()).setBatchSize(4),
        new TextTokenizer().setModelPath(remapPath.toString())});
    PipelineModel model = pipeline.fit(pairs(2));
    Dataset<Row> before = model.transform(pairs(2));
    model.write().overwrite().save(dir.resolve("pipeline").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("pipeline").toString());
    Dataset<Row> after = loaded.transform(pairs(3));
    for (String col : List.of("image_codes", "text_ids")) {
      Map<String, int[]> a = column(before, col);
      Map<String, int[]> b = column(after, col);
      assertEquals(a.keySet(), b.keySet());
      a.forEach((k, v) -> assertArrayEquals(v, b.get(k), col + " of " + k));
    }
    ImageTokenizer stage = (ImageTokenizer) loaded.stages()[0];
    assertEquals(4, stage.getBatchSize());
    assertEquals(vqPath.toString(), stage.getOrDefault(stage.modelPath()));
  }

  @Test
  void textIdsRoundTripThroughTheRemap() throws Exception {
    // a URI goes through the Hadoop file system, as s3a:// or hdfs:// would on a cluster
    Map<String, int[]> ids = column(new TextTokenizer().setModelPath(remapPath.toUri().toString())
        .transform(pairs(1)), "text_ids");
    BpeTextTokenizer tokenizer = new BpeTextTokenizer(VocabularyRemap.load(remapPath));
    for (int i = 0; i < images.size(); i++) {
      assertEquals(CAPTIONS[i % CAPTIONS.length], tokenizer.decode(ids.get("p" + i)));
    }
  }

  @Test
  void undecodableImagesGoToTheErrorColumnWithTheirRejectReasonWhenOneIsSet() throws Exception {
    List<Row> rows = List.of(RowFactory.create("good", png(images.get(0)), "x"),
        RowFactory.create("junk", new byte[] {1, 2, 3}, "x"), RowFactory.create("none", null, "x"),
        RowFactory.create("bomb", BadInputFixtures.pngDeclaring(100_000, 100_000), "x"),
        RowFactory.create("tiff", TestImages.tiffHeader(), "x"));
    Dataset<Row> input = spark.createDataFrame(rows, SCHEMA).coalesce(1);
    Dataset<Row> out = new ImageTokenizer().setModelPath(vqPath.toString()).setErrorCol("image_error").transform(input);
    Map<String, String> errors = new java.util.TreeMap<>();
    for (Row r : out.collectAsList()) {
      errors.put(r.getString(0), r.getString(r.fieldIndex("image_error")));
      if (!r.getString(0).equals("good")) {
        assertNull(r.get(r.fieldIndex("image_codes")));
      }
    }
    assertNull(errors.get("good"));
    assertEquals("NOT_AN_IMAGE: expected the signature of jpeg, png, gif, bmp or webp, got first bytes 010203",
        errors.get("junk"));
    assertEquals("MISSING_IMAGE: the image column is null", errors.get("none"));
    assertTrue(errors.get("bomb").startsWith("IMAGE_TOO_LARGE: png header declares 100000x100000"), errors.get("bomb"));
    assertTrue(errors.get("tiff").startsWith("UNSUPPORTED_FORMAT: tiff images are not decoded"), errors.get("tiff"));

    SparkException failure = assertThrows(SparkException.class,
        () -> new ImageTokenizer().setModelPath(vqPath.toString()).transform(input).collectAsList());
    assertTrue(failure.getMessage().contains("[IMAGE_UNDECODABLE] NOT_AN_IMAGE: expected the signature of jpeg"),
        failure.getMessage());
  }

  @Test
  void imagesOfOtherSizesAreCroppedAndResampled() throws Exception {
    BufferedImage wide = new BufferedImage(100, 60, BufferedImage.TYPE_INT_RGB);
    BufferedImage fitted = ImageFitting.fit(wide, 32);
    assertEquals(32, fitted.getWidth());
    assertEquals(32, fitted.getHeight());
    Dataset<Row> input = spark.createDataFrame(List.of(RowFactory.create("wide", png(wide), "x")), SCHEMA);
    assertEquals(64, column(new ImageTokenizer().setModelPath(vqPath.toUri().toString()).transform(input), "image_codes")
        .get("wide").length);
  }

  @Test
  void transformSchemaChecksColumnsBeforeReadingData() {
    ImageTokenizer image = new ImageTokenizer().setModelPath(vqPath.toString());
    assertEquals("array<int>", image.transformSchema(SCHEMA).apply("image_codes").dataType().simpleString());
    PipelineException missing = assertThrows(PipelineException.class,
        () -> image.setInputCol("picture").transformSchema(SCHEMA));
    assertEquals("[ML_SCHEMA_INVALID] input column 'picture' is missing; the columns are [pair_id, image, caption]",
        missing.getMessage());
    PipelineException type = assertThrows(PipelineException.class,
        () -> new ImageTokenizer().setModelPath("m").setInputCol("caption").transformSchema(SCHEMA));
    assertEquals("[ML_SCHEMA_INVALID] input column 'caption' must be binary (encoded image bytes), got string",
        type.getMessage());
    PipelineException exists = assertThrows(PipelineException.class,
        () -> new TextTokenizer().setModelPath("m").setOutputCol("pair_id").transformSchema(SCHEMA));
    assertEquals("[ML_SCHEMA_INVALID] output column 'pair_id' already exists; choose another name",
        exists.getMessage());
    PipelineException unset = assertThrows(PipelineException.class, () -> new TextTokenizer().transformSchema(SCHEMA));
    assertEquals(TokenizationErrors.ML_PARAM_INVALID.code(), unset.errorClass());
  }

  @Test
  void deviceParamTakesOnlyKnownChoices() {
    assertThrows(PipelineException.class, () -> new ImageTokenizer().setDevice("tpu"));
    ImageTokenizer tokenizer = new ImageTokenizer().setDevice("gpu:1");
    assertEquals("gpu:1", tokenizer.getOrDefault(tokenizer.device()));
  }
}

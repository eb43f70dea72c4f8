package dev.synergen.training.train;

import dev.synergen.core.Lakehouse;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.spark.RowArrays;
import dev.synergen.tokenization.vocab.PackedSample;
import dev.synergen.tokenization.vocab.SequenceLayout;
import dev.synergen.training.weights.TokenizerDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A {@code sequences} table whose rows all hold the same number of text and image targets: each
 * row packs an understanding sample and a generation sample with a caption of fixed length. Then
 * the mean of per-worker mean losses is the mean over the union of their rows, which is what
 * makes data-parallel training comparable with one worker on the union batch.
 */
final class UniformSequences {
  static final int CAPTION = 6;

  private UniformSequences() {}

  static void write(SparkSession spark, Lakehouse lakehouse, Path tokenizerDir, int rows, long seed) {
    try (TokenizerDir t = TokenizerDir.open(tokenizerDir)) {
      SequenceLayout layout = new SequenceLayout(t.layout());
      int codes = t.imageTokenizer().config().gridSize() * t.imageTokenizer().config().gridSize();
      SplittableRandom r = new SplittableRandom(seed);
      List<Row> out = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        int[] caption = r.ints(CAPTION, 0, t.layout().textVocab()).toArray();
        int[] image = r.ints(codes, 0, t.layout().codebookSize()).toArray();
        PackedSample a = layout.imageToText(image, caption);
        PackedSample b = layout.textToImage(caption, image, false);
        int[] tokens = concat(a.tokens(), b.tokens());
        boolean[] mask = new boolean[tokens.length];
        System.arraycopy(a.lossMask(), 0, mask, 0, a.length());
        System.arraycopy(b.lossMask(), 0, mask, a.length(), b.length());
        out.add(RowFactory.create(String.format("uniform-%05d", i), "pack", tokens, RowArrays.boxed(mask), tokens.length,
            "train", 1.0, t.imageVersion(), t.textVersion(), "uniform"));
      }
      DeltaTables.insertNew(spark, lakehouse, PipelineTables.SEQUENCES,
          spark.createDataFrame(out, PipelineTables.SEQUENCES.schema()));
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}

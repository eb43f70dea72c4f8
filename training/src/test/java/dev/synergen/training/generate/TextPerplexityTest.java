package dev.synergen.training.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.synergen.core.PipelineException;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.model.ModelConfig;
import dev.synergen.training.model.ModelHarness;
import dev.synergen.training.model.SynerGenModel;
import dev.synergen.training.model.TestRows;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextPerplexityTest {
  private final ModelConfig config = ModelConfig.tiny(40);
  private final VocabularyLayout v = config.vocabulary();

  @Test
  void perplexityIsTheExponentOfTheTrainingLossOverTheSameDocuments() {
    int[] a = {1, 2, 3, 4, 5, 6, 7};
    int[] b = {9, 8};
    try (NDManager manager = NDManager.newBaseManager();
        SynerGenModel model = ModelHarness.model(manager, config, 11, DataType.FLOAT64);
        NDManager scope = model.newScope()) {
      // the training loss averages NLL over every target token of the batch: 8 + 3 of them here
      double loss = model.loss(scope, new TestRows(v).text(a).text(b).batch(config)).textValue();

      TextPerplexity.Result r = TextPerplexity.of(SynerGenInference.of(model), List.of("a", "b"),
          List.of(TextPerplexity.continuationOfText(a, v), TextPerplexity.continuationOfText(b, v)));

      assertEquals(11, r.tokens());
      assertEquals(Math.exp(loss), r.perplexity(), 1e-5 * Math.exp(loss));
      assertEquals(8, r.documents().get(0).tokens());
    }
  }

  @Test
  void aPackedTextSequencePredictsEverythingAfterBosUpToItsPadding() {
    int[] packed = {v.bos(), 5, 6, v.eos(), v.pad(), v.pad()};
    assertArrayEquals(new int[] {5, 6, v.eos()}, TextPerplexity.continuationOfSequence(packed, v));
    assertThrows(PipelineException.class, () -> TextPerplexity.continuationOfSequence(new int[] {5, 6}, v));
  }
}

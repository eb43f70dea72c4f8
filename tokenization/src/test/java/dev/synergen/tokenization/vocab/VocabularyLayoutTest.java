package dev.synergen.tokenization.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import org.junit.jupiter.api.Test;

class VocabularyLayoutTest {
  private final VocabularyLayout layout = new VocabularyLayout(100, 16);

  @Test
  void textThenSpecialsThenImageCodes() {
    assertEquals(100, layout.pad());
    assertEquals(101, layout.bos());
    assertEquals(105, layout.uncond());
    assertEquals(106, layout.imageOffset());
    assertEquals(106 + 16, layout.size());
    assertEquals(106, layout.imageToken(0));
    assertEquals(15, layout.codeOf(121));
    assertTrue(layout.isText(99));
    assertTrue(layout.isSpecial(100));
    assertFalse(layout.isImageCode(105));
  }

  @Test
  void outOfRangeIdsAreErrorsNamingThePosition() {
    var e = assertThrows(PipelineException.class, () -> layout.checkIds(new int[] {1, 2, 122}));
    assertTrue(e.getMessage().startsWith("[TOKEN_OUT_OF_RANGE] id 122 at position 2"), e.getMessage());
    assertEquals("TOKEN_OUT_OF_RANGE", assertThrows(PipelineException.class, () -> layout.imageToken(16)).errorClass());
    assertEquals("TOKEN_OUT_OF_RANGE", assertThrows(PipelineException.class, () -> layout.codeOf(3)).errorClass());
  }

  @Test
  void rejectsDegenerateLayouts() {
    assertThrows(IllegalArgumentException.class, () -> new VocabularyLayout(0, 16));
    assertThrows(IllegalArgumentException.class, () -> new VocabularyLayout(10, 1));
  }
}

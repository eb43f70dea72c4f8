package dev.synergen.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PtbTokenizerTest {
  @Test
  void lowerCasesAndDropsCocoPunctuation() {
    assertEquals(List.of("a", "red", "circle", "and", "a", "blue", "square"),
        PtbTokenizer.tokenize("A red circle, and a BLUE square."));
    assertEquals(List.of("is", "it", "red", "yes", "no", "x", "y"),
        PtbTokenizer.tokenize("\"Is it... red?!\" (yes) -- [no]; {x}: `y`"));
  }

  @Test
  void splitsCliticsAsPtbDoes() {
    assertEquals(List.of("the", "man", "'s", "hat", "does", "n't", "fit"),
        PtbTokenizer.tokenize("The man's hat doesn't fit"));
    assertEquals(List.of("they", "'re", "here", "ca", "n't", "stay"),
        PtbTokenizer.tokenize("They\u2019re here, can't stay"));
  }

  @Test
  void keepsWordInnerJoinersAndOtherSymbols() {
    assertEquals(List.of("a", "black-and-white", "photo", "at", "3.5", "o'clock", "$", "5", "%"),
        PtbTokenizer.tokenize("A black-and-white photo at 3.5 o'clock - $5 %"));
  }

  @Test
  void emptyAndPunctuationOnlyCaptionsHaveNoTokens() {
    assertEquals(List.of(), PtbTokenizer.tokenize(""));
    assertEquals(List.of(), PtbTokenizer.tokenize(" ... , ! -- "));
  }
}

package dev.synergen.eval.suites;

import dev.synergen.eval.EvalErrors;
import dev.synergen.eval.job.Suite;

/** The suites of {@code synergen eval} by name. */
public final class Suites {
  private Suites() {}

  public static Suite create(String name) {
    return switch (name) {
      case "tokenizer" -> new TokenizerSuite();
      case "caption" -> new CaptionSuite();
      case "mcq" -> new McqSuite();
      case "pope" -> new PopeSuite();
      case "geneval" -> new GenEvalSuite();
      case "t2i_match" -> new TextToImageMatchSuite();
      case "efficiency" -> new EfficiencySuite();
      case "text" -> new TextSuite();
      default -> throw EvalErrors.error(EvalErrors.EVAL_CONFIG_INVALID, "unknown suite '" + name + "'");
    };
  }
}

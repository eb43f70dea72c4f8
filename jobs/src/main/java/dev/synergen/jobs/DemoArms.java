package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.eval.job.EvalConfig;
import dev.synergen.eval.job.EvalSettings;
import dev.synergen.training.train.TrainConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The models the demo trains and evaluates: one from scratch ({@code full}), or SynerGen-VL's
 * progressive path: a base language model ({@code text} stage), then S1 from it, then S2 from S1.
 */
final class DemoArms {
  /** How the demo trains. */
  enum Stages {
    full, progressive;

    static Stages of(String name) {
      for (Stages s : values()) {
        if (s.name().equals(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException("--stages must be full or progressive, got '" + name + "'");
    }
  }

  /** One trained model: its label in the output, its steps' titles, what trains it and what evaluates it. */
  record Arm(String label, String trainTitle, String evalTitle, TrainConfig train, EvalConfig eval) {}

  /**
   * S2's learning rate, apart from {@code train.lr} (the other stages'): S2 trains the self-attention
   * the base model's text depends on, and at the others' 1e-3 it lost most of that text (held-out
   * perplexity 2.2x the base model's); the README has the measurements behind the default.
   */
  static final String S2_LR = "demo.s2_lr";
  static final double DEFAULT_S2_LR = 2e-4;
  private static final String EFFICIENCY = "efficiency";

  private DemoArms() {}

  /**
   * The arms in training order; each later arm starts from the one before. A user's own
   * {@code train.output} or {@code eval.checkpoint} applies to the full arm only: the progressive
   * arms need one directory each.
   */
  static List<Arm> of(Stages stages, Settings settings, Path runDir) {
    if (stages == Stages.full) {
      return List.of(new Arm("full", "train: SynerGen-VL on sequences (checkpoints in <workdir>/run)",
          "eval: every suite on the trained checkpoint -> eval_results", TrainCommand.configFrom(settings),
          EvalConfig.from(settings)));
    }
    Path base = runDir.resolve("base");
    Path s1 = runDir.resolve("s1");
    Path s2 = runDir.resolve("s2");
    String s2Lr = Double.toString(settings.decimal(S2_LR, DEFAULT_S2_LR, 1e-8, 1));
    return List.of(
        arm("base", "stage text, a base language model (<workdir>/run/base)", settings,
            "text", base, null, Map.of(), false),
        arm("s1", "from base, image parameters; the LLM frozen (<workdir>/run/s1)", settings, "s1",
            s1, base, Map.of(), false),
        arm("s2", "from s1, image parameters + self-attention (<workdir>/run/s2)", settings, "s2", s2, s1,
            Map.of("train.lr", s2Lr), true));
  }

  private static Arm arm(String label, String description, Settings settings, String stage, Path output,
      Path init, Map<String, String> extra, boolean last) {
    Map<String, String> o = new LinkedHashMap<>(extra);
    o.put("train.stage", stage.toUpperCase(Locale.ROOT));
    o.put("train.output", output.toString());
    if (init != null) {
      o.put("train.init_checkpoint", init.toString());
    }
    o.put(EvalSettings.CHECKPOINT.key(), output.toString());
    Settings s = settings.withOverrides(o, "demo --stages progressive");
    EvalConfig eval = EvalConfig.from(s);
    String evalTitle = "eval " + label + ": every suite on its checkpoint -> eval_results";
    if (!last && eval.suites().contains(EFFICIENCY) && eval.suites().size() > 1) {
      // efficiency times the architecture, which the three checkpoints share: measured once, on the last
      eval = eval.withSuites(eval.suites().stream().filter(x -> !x.equals(EFFICIENCY)).toList());
      evalTitle = "eval " + label + ": every suite but efficiency (measured on s2) -> eval_results";
    }
    return new Arm(label, "train " + label + ": " + description, evalTitle, TrainCommand.configFrom(s), eval);
  }
}

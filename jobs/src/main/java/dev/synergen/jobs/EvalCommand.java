package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.config.SettingsGroup;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.eval.job.EvalConfig;
import dev.synergen.eval.job.EvalJob;
import dev.synergen.eval.job.EvalSettings;
import dev.synergen.eval.suites.Suites;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code synergen eval}: benchmark suites on a checkpoint as Spark batch jobs; options from {@link EvalSettings}. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Evaluate a checkpoint with benchmark suites, each a Spark batch job over held-out data with the "
        + "model loaded once per executor: tokenizer (reconstruction PSNR, SSIM, codebook usage and perplexity), "
        + "caption (CIDEr-D, BLEU-4 of greedy captions), mcq (multiple choice by likelihood, circular evaluation), "
        + "pope (yes/no object probes: random, popular, adversarial negatives), geneval (six GenEval categories "
        + "judged by the shapes detector), efficiency (positions per image, throughput, head vs plain "
        + "autoregression) and text (held-out perplexity). One row per metric with n, a 95%% interval and the chance "
        + "level goes to eval_results, per-sample outputs to eval_samples; re-running skips the suites already "
        + "there. Suites that need shapes-world scene JSON are skipped, with the reason, on real corpora.", ""})
final class EvalCommand extends SparkJobCommand<EvalConfig> {
  @Override
  String job() {
    return EvalJob.JOB;
  }

  @Override
  Set<String> sections() {
    return Set.of("eval");
  }

  @Override
  public List<SettingsGroup> settingsGroups() {
    return List.of(EvalSettings.group());
  }

  @Override
  EvalConfig config(Settings settings) {
    return EvalConfig.from(settings);
  }

  @Override
  JobSummary run(JobContext ctx, EvalConfig config, RunId runId) throws Exception {
    return EvalJob.run(ctx.spark(), config, System.out, Suites::create);
  }
}

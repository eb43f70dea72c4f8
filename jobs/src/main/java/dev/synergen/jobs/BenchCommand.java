package dev.synergen.jobs;

import dev.synergen.tokenization.ml.TokenizeBenchmark;
import dev.synergen.tokenization.vq.bench.VqBenchmark;
import dev.synergen.training.bench.ModelBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code synergen bench}: speed and quality figures measured side by side in one run, printed and saved. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks (never tests): each measures its candidates and references side by side in one run "
        + "on this machine, prints the figures and ratios, and saves them as JSON under ./bench-results unless "
        + "--out says otherwise."},
    subcommands = {BenchCommand.Model.class, BenchCommand.Vq.class, BenchCommand.Tokenize.class})
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The pass-through arguments plus {@code --out <defaultOut>} unless the user gave one; creates its parent. */
  static String[] withDefaultOut(List<String> args, Path defaultOut) throws java.io.IOException {
    List<String> all = new ArrayList<>(args == null ? List.of() : args);
    if (!all.contains("--out")) {
      Files.createDirectories(defaultOut.toAbsolutePath().getParent());
      all.add("--out");
      all.add(defaultOut.toString());
    }
    return all.toArray(new String[0]);
  }

  @Command(name = "model", mixinStandardHelpOptions = true,
      description = {"The SynerGen model (small config) on this machine: training pairs/s, tokens/s and achieved "
          + "GFLOP/s vs the DJL matmul peak measured in the same run; step time per pair with 2x4 folding vs no "
          + "folding (goal >= 2.5x); generation latency per image with the unfolding head vs plain autoregression, "
          + "both with KV caches and CFG (goal >= 2x).",
          "Options (passed through): --out FILE (default bench-results/model.json), --batch 32, --steps 4, "
              + "--caption 16, --text-vocab 4096, --threads N (libtorch intra-op threads; default all cores), "
              + "--images 2, --only training|generation."})
  static final class Model implements Callable<Integer> {
    @Unmatched List<String> args;

    @Override
    public Integer call() throws Exception {
      ModelBenchmark.main(withDefaultOut(args, Path.of("bench-results", "model.json")));
      return 0;
    }
  }

  @Command(name = "vq", mixinStandardHelpOptions = true,
      description = {"The VQ image tokenizer's quality target: trains within a wall-clock budget on shapes-world "
          + "images and reports held-out PSNR, SSIM, codebook usage and perplexity (goal: PSNR >= 26 dB, usage >= "
          + "50%% within 10 minutes on 2 cores).",
          "Options (passed through): --out DIR (default bench-results/vq), --minutes 10, --preset small|tiny, "
              + "--images shapes-world|shapes-like, --batch 32, --train-images 20000, --heldout 512, --seed 1, "
              + "--steps N (fixes the schedule; otherwise calibrated from a few timed steps)."})
  static final class Vq implements Callable<Integer> {
    @Unmatched List<String> args;

    @Override
    public Integer call() throws Exception {
      // VqBenchmark's --out is a directory (report and sample reconstructions).
      VqBenchmark.main(withDefaultOut(args, Path.of("bench-results", "vq", ".")));
      return 0;
    }
  }

  @Command(name = "tokenize", mixinStandardHelpOptions = true,
      description = {"Images/s of the whole Spark tokenize job and of a bare single-process DJL loop on the same "
          + "shapes-world PNGs in one run, per core, and their ratio (goal: the job within 15%% of the bare loop "
          + "per core). The bare loop runs before and after the job, so drift of the machine's load shows.",
          "Options (passed through): --out FILE (default bench-results/tokenize.json), --images 10000, --batch 64, "
              + "--master URL (default local[all cores]), --model DIR (a saved VQ tokenizer; default an untrained "
              + "small one: encoding costs the same)."})
  static final class Tokenize implements Callable<Integer> {
    @Unmatched List<String> args;

    @Override
    public Integer call() throws Exception {
      TokenizeBenchmark.main(withDefaultOut(args, Path.of("bench-results", "tokenize.json")));
      return 0;
    }
  }
}

package dev.synergen.jobs;

import dev.synergen.tokenization.bench.IngestBenchmark;
import dev.synergen.tokenization.bench.SoakBenchmark;
import dev.synergen.tokenization.bench.TokenizeBenchmark;
import dev.synergen.tokenization.bench.VqBenchmark;
import dev.synergen.training.bench.ModelBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code synergen bench}: speed and quality figures measured side by side in one run, printed and saved. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks (never tests): each measures its candidates and references side by side in one run "
        + "on this machine, prints the figures and ratios, and saves them as JSON under ./bench-results unless "
        + "--out says otherwise."},
    subcommands = {BenchCommand.All.class, BenchCommand.Model.class, BenchCommand.Vq.class, BenchCommand.Tokenize.class,
        BenchCommand.Train.class, BenchCommand.Soak.class, BenchCommand.Ingest.class, BenchCommand.Peer.class})
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code out}, or {@code fallback} under ./bench-results; creates its parent directory. */
  static Path output(Path out, Path fallback) throws IOException {
    Path path = (out != null ? out : fallback).toAbsolutePath();
    Files.createDirectories(path.getParent());
    return path;
  }

  @Command(name = "all", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Every benchmark in one run on this machine: model, vq, tokenize, ingest and train (train "
          + "needs a lakehouse with sequences; without one it is skipped, with the reason). Saves "
          + "<dir>/<date>-<host>.json (every report, the machine, the sizes, each benchmark's wall-clock time) and "
          + "<date>-<host>.md, a markdown table of the headline figures with the ratio of each pair measured side "
          + "by side; each benchmark's own files go to <dir>/<date>-<host>/. A benchmark that fails is recorded "
          + "as failed and the others still run; the exit code is 1 then. About 35 minutes on 2 cores with the "
          + "standard sizes; --quick takes about 10."})
  static final class All implements Callable<Integer> {
    @Option(names = "--quick", description = "Smaller sizes (fewer steps, images and pairs; vq 2 minutes).")
    boolean quick;

    @Option(names = "--vq-minutes", paramLabel = "M",
        description = "Training budget of the VQ benchmark (default: 10; --quick: 2).")
    Double vqMinutes;

    @Option(names = "--skip", paramLabel = "NAME[,NAME...]", split = ",",
        description = "Benchmarks to leave out: model, vq, tokenize, ingest, train.")
    java.util.Set<String> skip = java.util.Set.of();

    @CommandLine.Mixin SequencesOptions sequences;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the results go (default: bench-results).")
    Path dir = Path.of("bench-results");

    @Override
    public Integer call() throws Exception {
      double minutes = vqMinutes != null ? vqMinutes : quick ? 2 : 10;
      BenchAll.Sizes sizes = quick ? BenchAll.Sizes.quick(minutes) : BenchAll.Sizes.standard(minutes);
      BenchAll.Saved saved = BenchAll.run(new BenchAll.Request(sizes, skip, sequences.lakehouse(),
          sequences.tokenizerDir(), sequences.preset, dir), System.out);
      System.out.println();
      System.out.print(Files.readString(saved.markdown()));
      System.out.println();
      System.out.println("saved " + saved.json() + " and " + saved.markdown());
      return saved.failed() == 0 ? 0 : 1;
    }
  }

  @Command(name = "model", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"The SynerGen model (small config) on this machine: training pairs/s, tokens/s and achieved "
          + "GFLOP/s vs the DJL matmul peak measured in the same run; step time per pair with 2x4 folding vs no "
          + "folding (goal >= 2.5x); generation latency per image with the unfolding head vs plain autoregression, "
          + "both with KV caches and CFG (goal >= 2x)."})
  static final class Model implements Callable<Integer> {
    @Option(names = "--batch", paramLabel = "N", description = "Sequences per training step (default: 32).")
    int batch = 32;

    @Option(names = "--steps", paramLabel = "N", description = "Timed training steps per variant (default: 4).")
    int steps = 4;

    @Option(names = "--caption", paramLabel = "N", description = "Text tokens per synthetic caption (default: 16).")
    int caption = 16;

    @Option(names = "--text-vocab", paramLabel = "N", description = "Text vocabulary of the model (default: 4096).")
    int textVocab = 4096;

    @Option(names = "--threads", paramLabel = "N",
        description = "libtorch intra-op threads; 0 = all cores (default: 0).")
    int threads;

    @Option(names = "--images", paramLabel = "N", description = "Timed generations per variant (default: 2).")
    int images = 2;

    @Option(names = "--only", paramLabel = "PART", description = "all, training or generation (default: all).")
    String only = "all";

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default: bench-results/model.json).")
    Path out;

    @Option(names = "--profile", paramLabel = "FILE", description = "Also write a PyTorch profiler trace of the folded "
        + "model's timed training steps to FILE (Chrome trace JSON, for chrome://tracing or ui.perfetto.dev); those "
        + "steps' times then include the profiler's cost.")
    Path profile;

    @Override
    public Integer call() throws Exception {
      Path file = output(out, Path.of("bench-results", "model.json"));
      var options = new ModelBenchmark.Options(batch, steps, caption, textVocab, threads, images, only, file,
          profile);
      System.out.println(new ModelBenchmark(options).run().toPrettyString());
      return 0;
    }
  }

  @Command(name = "vq", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"The VQ image tokenizer's quality target: trains within a wall-clock budget on shapes-world "
          + "images and reports held-out PSNR, SSIM, codebook usage and perplexity (goal: PSNR >= 26 dB, usage >= "
          + "50%% within 10 minutes on 2 cores). Architecture options default to the preset's."})
  static final class Vq implements Callable<Integer> {
    @Option(names = "--minutes", paramLabel = "M", description = "Training budget in minutes (default: 10).")
    double minutes = 10;

    @Option(names = "--preset", paramLabel = "NAME", description = "tiny or small (default: small).")
    String preset = "small";

    @Option(names = "--images", paramLabel = "KIND", description = "shapes-world or shapes-like (default: shapes-world).")
    String images = "shapes-world";

    @Option(names = "--batch", paramLabel = "N", description = "Images per step (default: 32).")
    int batch = 32;

    @Option(names = "--train-images", paramLabel = "N", description = "Size of the training image pool (default: 20000).")
    int trainImages = 20_000;

    @Option(names = "--heldout", paramLabel = "N", description = "Held-out images measured at the end (default: 512).")
    int heldout = 512;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the model and the images (default: 1).")
    long seed = 1;

    @Option(names = "--steps", paramLabel = "N",
        description = "Fixes the schedule; otherwise calibrated from a few timed steps to fit --minutes.")
    Integer steps;

    @Option(names = "--lr", paramLabel = "X", description = "Peak learning rate (default: the training default).")
    Float lr;

    @Option(names = "--dead-threshold", paramLabel = "X", description = "Dead-code restart threshold (default: 1.0).")
    Float deadThreshold;

    @Option(names = "--codebook", paramLabel = "N", description = "Codebook entries.")
    Integer codebook;

    @Option(names = "--code-dim", paramLabel = "N", description = "Code vector width.")
    Integer codeDim;

    @Option(names = "--base-channels", paramLabel = "N", description = "Channels of the first conv stage.")
    Integer baseChannels;

    @Option(names = "--multipliers", paramLabel = "A,B,..", split = ",",
        description = "Channel multipliers per stage, e.g. 1,2,4.")
    List<Integer> multipliers;

    @Option(names = "--res-blocks", paramLabel = "N", description = "Residual blocks per stage.")
    Integer resBlocks;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Directory for the reconstructions and checkpoint (default: bench-results/vq).")
    Path out;

    @Override
    public Integer call() throws Exception {
      Path dir = output(out, Path.of("bench-results", "vq", "report")).getParent();
      var report = VqBenchmark.run(new VqBenchmark.Options(preset, codebook, codeDim, baseChannels, multipliers, resBlocks, minutes,
          batch, trainImages, heldout, seed, images, steps, lr, deadThreshold, out != null ? out : dir));
      System.out.println(report.toPrettyString());
      return 0;
    }
  }

  @Command(name = "tokenize", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Images/s of the whole Spark tokenize job and of a bare single-process DJL loop on the same "
          + "shapes-world PNGs in one run, per core, and their ratio (goal: the job within 15%% of the bare loop "
          + "per core). The bare loop runs before and after the job, so drift of the machine's load shows."})
  static final class Tokenize implements Callable<Integer> {
    @Option(names = "--images", paramLabel = "N", description = "Shapes-world pairs to encode (default: 10000).")
    int images = 10_000;

    @Option(names = "--batch", paramLabel = "N", description = "Images per forward pass in both loops (default: 64).")
    int batch = 64;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master of the job (default: local[all cores]).")
    String master;

    @Option(names = "--model", paramLabel = "DIR",
        description = "A saved VQ tokenizer (default: an untrained small one; encoding costs the same).")
    Path model;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default: bench-results/tokenize.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
      Path file = output(out, Path.of("bench-results", "tokenize.json"));
      var report = TokenizeBenchmark.run(new TokenizeBenchmark.Options(images, batch, master, model, file), System.out);
      System.out.println(report.toPrettyString());
      return 0;
    }
  }

  @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Distributed training on the same rows of sequences, side by side in one run: (a) the bare "
          + "single-JVM DJL loop, (b) synergen train --workers 1 through a barrier stage, (c) --workers 2 DiLoCo with "
          + "H = 10 and H = 50. Reports tokens/s, the overhead of (b) over (a) (goal <= 10%%), the held-out loss of "
          + "each after the same number of samples (goal: (c) within 5%% of (b)), and bytes exchanged per round vs "
          + "synchronous data parallelism for the same steps (goal: >= 50x less at H = 50). Needs a lakehouse with "
          + "sequences and its tokenizers (run synergen demo first); the runs write to a shallow clone of its "
          + "sequences under the --out file's directory (train-runs/lakehouse), never to the lakehouse itself."})
  static final class Train implements Callable<Integer> {
    @CommandLine.Mixin SequencesOptions sequences;

    @Option(names = "--batch", paramLabel = "N", description = "Rows per worker and step (default: 16).")
    int batch = 16;

    @Option(names = "--samples", paramLabel = "N",
        description = "Training rows each variant consumes (default: 4800, 300 steps of one worker).")
    long samples = 4800;

    @Option(names = "--eval-rows", paramLabel = "N", description = "Held-out val rows for the loss (default: 256).")
    int evalRows = 256;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the weights and the data order (default: 0).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default: bench-results/train.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
      Path file = output(out, Path.of("bench-results", "train.json"));
      try (JobContext ctx = sequences.start("synergen-bench-train")) {
        var report = dev.synergen.training.bench.TrainBenchmark.run(ctx.spark(),
            new dev.synergen.training.bench.TrainBenchmark.Options(sequences.lakehouse(), sequences.tokenizerDir(),
                sequences.preset, batch, samples, evalRows, seed,
                file.getParent().resolve("train-runs"), file), System.out);
        System.out.println(report.toPrettyString());
      }
      return 0;
    }
  }

  @Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Load and bad input together: ingest then tokenize over a large shapes-world corpus with 1%% "
          + "spoiled samples mixed in (cut, bombed by header, random bytes, bad UTF-8, missing halves), in this JVM "
          + "(its -Xmx, e.g. SYNERGEN_JAVA_OPTS=-Xmx2g, is the executor heap). Reports rows/s of each job, the peak "
          + "heap, input = accepted + rejected (lost must be 0) and spoiled samples accepted (must be 0)."})
  static final class Soak implements Callable<Integer> {
    @Option(names = "--pairs", paramLabel = "N", description = "Shapes-world pairs (default: 200000).")
    long pairs = 200_000;

    @Option(names = "--hostile-every", paramLabel = "N",
        description = "One spoiled sample per N pairs, on top of them (default: 100, i.e. 1%%).")
    int hostileEvery = 100;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[all cores]).")
    String master;

    @Option(names = "--work", paramLabel = "DIR",
        description = "Keep the shards and the lakehouse here (default: a temporary directory, deleted after).")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default: bench-results/soak.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
      Path file = output(out, Path.of("bench-results", "soak.json"));
      var report = SoakBenchmark.run(new SoakBenchmark.Options(pairs, hostileEvery, master, work, file), System.out);
      System.out.println(report.toPrettyString());
      long lost = report.get("lost").asLong();
      long spoiled = report.get("spoiled_accepted").asLong();
      return lost == 0 && spoiled == 0 ? 0 : 1;
    }
  }

  @Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Rows/s of ingest from WebDataset shards to raw_pairs at each image size, side by side in one "
          + "Spark session after a warm-up run: rows/s, rows/s per core, MB/s of shards, and each size's time per "
          + "row and bytes beside the first size's."})
  static final class Ingest implements Callable<Integer> {
    @Option(names = "--pairs", paramLabel = "N", description = "Shapes-world pairs per size (default: 20000).")
    long pairs = 20_000;

    @Option(names = "--sizes", paramLabel = "PX[,PX...]", split = ",",
        description = "Image sides in pixels (default: 64,256).")
    List<Integer> sizes = List.of(64, 256);

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[all cores]).")
    String master;

    @Option(names = "--work", paramLabel = "DIR",
        description = "Keep the shards and the lakehouses here (default: a temporary directory, deleted after).")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON report (default: bench-results/ingest.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
      Path file = output(out, Path.of("bench-results", "ingest.json"));
      IngestBenchmark.run(new IngestBenchmark.Options(pairs, sizes, master, work, file), System.out);
      System.out.println("saved " + file);
      return 0;
    }
  }

  @Command(name = "peer", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"The DJL half of the PyTorch peer comparison (bench/pytorch-peer/run.sh runs both halves): "
          + "trains the model on --steps batches of rows of sequences' train split with DJL and writes, under "
          + "--out, the config and training settings (setup.json), the initial weights (init.safetensors), every "
          + "step's prepared batch (batches.jsonl) and DJL's per-step losses and times (djl.json). The peer replays "
          + "the same weights and batches, so both loss curves start from the same number. Needs a lakehouse with "
          + "sequences (run synergen demo first)."})
  static final class Peer implements Callable<Integer> {
    @CommandLine.Mixin SequencesOptions sequences;

    @Option(names = "--batch", paramLabel = "N", description = "Rows per step (default: 16).")
    int batch = 16;

    @Option(names = "--steps", paramLabel = "N", description = "Training steps (default: 30).")
    int steps = 30;

    @Option(names = "--lr", paramLabel = "X", description = "Constant learning rate (default: 0.0005).")
    double lr = 5e-4;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the weights and the row order (default: 0).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch intra-op threads; 0 = all cores (default: 0).")
    int threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: bench-results/peer).")
    Path out = Path.of("bench-results", "peer");

    @Override
    public Integer call() throws Exception {
      try (JobContext ctx = sequences.start("synergen-bench-peer")) {
        var report = dev.synergen.training.bench.PeerBenchmark.run(ctx.spark(),
            new dev.synergen.training.bench.PeerBenchmark.Options(sequences.lakehouse(), sequences.tokenizerDir(),
                sequences.preset, batch, steps, lr, seed, threads, out.toAbsolutePath()), System.out);
        System.out.printf(java.util.Locale.ROOT, "DJL: %.0f tokens/s, median %.0f ms per step, final loss %.4f; "
            + "wrote %s%n", report.get("tokens_per_s").asDouble(), report.get("ms_per_step_median").asDouble(),
            report.get("final_loss").asDouble(), out.toAbsolutePath());
      }
      return 0;
    }
  }
}

package dev.synergen.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.config.Settings;
import dev.synergen.core.io.AtomicFiles;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.core.spark.SparkSettings;
import dev.synergen.eval.job.EvalJob;
import dev.synergen.eval.job.EvalSettings;
import dev.synergen.eval.report.ReportBuilder;
import dev.synergen.eval.report.ReportRequest;
import dev.synergen.eval.suites.Suites;
import dev.synergen.tokenization.corpus.EmojiCorpus;
import dev.synergen.tokenization.corpus.FashionMnistCorpus;
import dev.synergen.tokenization.ingest.IngestConfig;
import dev.synergen.tokenization.ingest.IngestJob;
import dev.synergen.tokenization.pack.PackConfig;
import dev.synergen.tokenization.pack.PackJob;
import dev.synergen.tokenization.pack.TextPackJob;
import dev.synergen.tokenization.shapes.ShapesCorpusConfig;
import dev.synergen.tokenization.shapes.ShapesJob;
import dev.synergen.tokenization.shapes.ShapesSettings;
import dev.synergen.tokenization.textcorpus.TextIngestConfig;
import dev.synergen.tokenization.textcorpus.TextIngestJob;
import dev.synergen.tokenization.tokenize.TokenizeJob;
import dev.synergen.tokenization.train.TokenizerTrainJob;
import dev.synergen.training.train.TrainJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code synergen demo}: the whole pipeline end to end on the synthetic shapes world, in one Spark session. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the pipeline end to end on the embedded default (Spark local[*], Delta under ./lakehouse): "
        + "shapes -> ingest -> ingest-text (the train captions as a text corpus) -> tokenizer-train -> tokenize -> "
        + "pack -> pack-text -> train the base language model, then S1, then S2 -> eval (every suite on each) -> "
        + "report, each step the same job as its own command, with its summary; then the S2 model captions a few "
        + "held-out images "
        + "and draws their captions (<workdir>/samples). Ends with the report's path and its headline figures. "
        + "Re-running skips finished work (every step is idempotent or resumes); --fresh starts over.",
        "Every step's settings keys apply (e.g. --conf tokenizer_train.steps=800); the flags below set the usual "
            + "ones. --quick uses tiny presets and few steps (under 3 minutes; the tests run it).", ""})
final class DemoCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What the finished steps printed, for the end of the run: a line each, and the jobs' summaries. */
  private final List<String> timeline = new ArrayList<>();
  private final ArrayNode summaries = JSON.createArrayNode();
  private final List<String> headlines = new ArrayList<>();

  @Mixin CommonOptions common;

  @Option(names = "--workdir", paramLabel = "DIR",
      description = "Where the demo writes its corpus shards, checkpoints (run/) and samples (default: ./demo).")
  Path workdir;

  @Option(names = "--pairs", paramLabel = "N", description = "Shapes-world pairs to generate (default: 4000; "
      + "--quick: 200).")
  Long pairs;

  @Option(names = "--tokenizer-steps", paramLabel = "N",
      description = "VQ tokenizer training steps (default: 400, about 4 minutes on 2 cores; --quick: 20).")
  Integer tokenizerSteps;

  @Option(names = "--train-steps", paramLabel = "N",
      description = "Training steps of the small model (default: 300, batch 16; --quick: 6 of the tiny model).")
  Long trainSteps;

  @Option(names = "--samples", paramLabel = "N",
      description = "Held-out pairs the trained model captions and draws at the end; 0 = none (default: 4).")
  Integer samples;

  @Option(names = "--fresh", description = "Start over: delete the work directory and the lakehouse of an earlier "
      + "demo first (refused when either holds anything the demo does not write).")
  boolean fresh;

  @Option(names = "--quick", description = "Tiny presets and few steps: checks the whole path in under 3 minutes.")
  boolean quick;

  @Option(names = "--corpus", paramLabel = "NAME", defaultValue = "shapes",
      description = "shapes (the generated shapes world), emoji (npm's emoji-datasource images with emojibase names; "
          + "needs npm) or fashion-mnist (Debian's dataset-fashion-mnist; needs apt-get and dpkg-deb). A real corpus is "
          + "fetched into <workdir>/corpus instead of step 1's shapes (its first demo.corpus_limit images: emoji "
          + "all 7,572, fashion-mnist 10,000; --quick: 200), and eval runs t2i_match (each held-out caption's generation "
          + "matched against held-out images) in place of geneval, which scores shapes-world objects; mcq and pope "
          + "skip themselves without scene JSON (default: ${DEFAULT-VALUE}).")
  String corpusOption;

  /** The corpora the demo runs on. */
  enum DemoCorpus {
    shapes, emoji, fashion_mnist;

    static DemoCorpus of(String name) {
      for (DemoCorpus c : values()) {
        if (c.name().replace('_', '-').equals(name)) {
          return c;
        }
      }
      throw new IllegalArgumentException("--corpus must be shapes, emoji or fashion-mnist, got '" + name + "'");
    }
  }

  @Option(names = "--stages", paramLabel = "HOW", defaultValue = "progressive",
      description = "progressive (SynerGen-VL's path: a base language model trained on the train split's captions as "
          + "a text corpus, then S1 and S2 from it, each evaluated, side by side in the report; train.lr is the base "
          + "model's and S1's rate, 1e-3 unless set, demo.s2_lr S2's, 2e-4 unless set) or full (one model trained from scratch on the image-text sequences, in "
          + "<workdir>/run) (default: ${DEFAULT-VALUE}).")
  String stagesOption;

  private DemoCorpus corpus = DemoCorpus.shapes;
  private DemoArms.Stages stages = DemoArms.Stages.progressive;
  /** Steps of this run, and how many have started: for the "3/9" of each step's title. */
  private int total;
  private int stepsBegun;

  @Override
  public Integer call() throws Exception {
    corpus = DemoCorpus.of(corpusOption);
    stages = DemoArms.Stages.of(stagesOption);
    Map<String, String> flags = new LinkedHashMap<>();
    SparkJobCommand.put(flags, "shapes.count", pairs);
    SparkJobCommand.put(flags, "tokenizer_train.steps", tokenizerSteps);
    SparkJobCommand.put(flags, "train.steps", trainSteps);
    SparkJobCommand.put(flags, "demo.samples", samples);
    Settings settings = common.settings(defaults(), flags);
    // eval reads what the demo trained: its checkpoint, and the world GenEval renders and detects in
    settings = follow(settings, EvalSettings.CHECKPOINT.key(), "train.output", null);
    settings = follow(settings, EvalSettings.WORLD_GRID.key(), ShapesSettings.GRID.key(),
        "" + ShapesSettings.GRID.defaultValue());
    Lakehouse lakehouse = CommonOptions.lakehouse(settings);
    SparkSettings spark = CommonOptions.spark(settings, "demo");
    ShapesCorpusConfig shapes = ShapesJob.config(settings);
    IngestConfig ingest = IngestConfig.from(settings);
    TokenizerTrainJob.Config tokenizerTrain = TokenizerTrainCommand.configFrom(settings);
    TokenizeJob.Config tokenize = TokenizeCommand.configFrom(settings);
    PackConfig pack = PackCommand.configFrom(settings);
    List<DemoArms.Arm> arms = DemoArms.of(stages, settings, workdirOrDefault().resolve("run"));
    TextIngestConfig textIngest = stages == DemoArms.Stages.progressive ? TextIngestConfig.from(settings) : null;
    Path report = workdirOrDefault().resolve("report.html");
    int sampleCount = settings.integer("demo.samples", 4, 0, 1000);
    int corpusLimit = settings.integer("demo.corpus_limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    settings.requireAllConsumedExcept(SparkJobCommand.otherSections(stages == DemoArms.Stages.progressive
        ? Set.of("shapes", "ingest", "ingest_text", "tokenizer_train", "tokenize", "pack", "train", "eval", "demo")
        : Set.of("shapes", "ingest", "tokenizer_train", "tokenize", "pack", "train", "eval", "demo")));

    if (fresh) {
      DemoFresh.clear(workdirOrDefault(), lakehouse, System.out);
    }
    Instant started = Instant.now();
    boolean progressive = stages == DemoArms.Stages.progressive;
    total = 6 + (progressive ? 2 : 0) + 2 * arms.size() + (sampleCount > 0 ? 1 : 0);
    DemoArms.Arm last = arms.get(arms.size() - 1);
    try (JobContext ctx = JobContext.start(lakehouse, spark, System.out)) {
      if (corpus == DemoCorpus.shapes) {
        step(ctx, "shapes: generate the synthetic corpus as WebDataset shards",
            () -> ShapesJob.run(ctx.spark(), shapes, RunId.create("shapes")));
      } else {
        step(ctx, "corpus " + corpusName() + ": fetch the real corpus as WebDataset shards", () -> {
          fetchCorpus(Path.of(ingest.inputs().get(0)), corpusLimit);
          return null;
        });
      }
      step(ctx, "ingest: validate into raw_pairs and rejects",
          () -> IngestJob.run(ctx.spark(), lakehouse, ingest, RunId.create("ingest")));
      if (progressive) {
        step(ctx, "ingest-text: the train split's captions as the text corpus -> text_docs", () -> {
          DemoText.writeCaptions(ctx.spark(), lakehouse, Path.of(textIngest.inputs().get(0)), System.out);
          return TextIngestJob.run(ctx.spark(), lakehouse, textIngest, RunId.create(TextIngestJob.STAGE));
        });
      }
      step(ctx, "tokenizer-train: BPE vocabulary + VQ image tokenizer",
          () -> TokenizerTrainJob.run(ctx.spark(), tokenizerTrain, System.out));
      step(ctx, "tokenize: raw_pairs -> tokenized_pairs",
          () -> TokenizeJob.run(ctx.spark(), tokenize));
      step(ctx, "pack: tokenized_pairs -> sequences",
          () -> PackJob.run(ctx.spark(), pack));
      if (progressive) {
        step(ctx, "pack-text: text_docs -> text-only sequences", () -> TextPackJob.run(ctx.spark(), pack));
      }
      for (DemoArms.Arm arm : arms) {
        step(ctx, arm.trainTitle(),
            () -> TrainJob.run(ctx.spark(), arm.train(), RunId.create(TrainJob.JOB), System.out));
      }
      Map<DemoArms.Arm, JobSummary> evaluated = new LinkedHashMap<>();
      for (DemoArms.Arm arm : arms) {
        evaluated.put(arm, step(ctx, arm.evalTitle(),
            () -> EvalJob.run(ctx.spark(), arm.eval(), System.out, Suites::create)));
      }
      step(ctx, "report: one HTML file of the eval and training tables", () -> {
        ReportBuilder.Summary s = ReportBuilder.write(ctx.spark(), lakehouse, ReportRequest.all(), report);
        System.out.printf(Locale.ROOT, "report %s: %,d bytes, %d checkpoints, %d charts, %d images, missing: %s%n",
            s.out(), s.bytes(), s.checkpoints(), s.charts(), s.images(),
            s.missing().isEmpty() ? "nothing" : String.join(", ", s.missing()));
        return null;
      });
      evaluated.forEach((arm, summary) -> {
        List<String> lines = DemoHeadlines.of(ctx.spark(), lakehouse, summary.runId(), arm.eval().suites());
        if (progressive) {
          headlines.add(arm.label() + " (" + arm.train().outputDir() + "):");
          lines.forEach(l -> headlines.add("  " + l));
        } else {
          headlines.addAll(lines);
        }
      });
      if (sampleCount > 0) {
        step(ctx, "samples: captions and images of held-out pairs" + (progressive ? " by " + last.label() : ""), () -> {
          DemoSamples.write(ctx.spark(), lakehouse, Path.of(last.train().outputDir()), last.train().device(),
              workdirOrDefault().resolve("samples"), sampleCount, System.out);
          return null;
        });
      }
    }
    System.out.println();
    System.out.println("== demo finished in " + clock(Duration.between(started, Instant.now())) + " ==");
    timeline.forEach(System.out::println);
    System.out.println();
    System.out.println("  headline figures of " + (arms.size() == 1 ? arms.get(0).train().outputDir()
        : arms.stream().map(DemoArms.Arm::label).collect(java.util.stream.Collectors.joining(", ")))
        + " (95% intervals; full tables in the report):");
    headlines.forEach(h -> System.out.println("    " + h));
    if (common.summaryJson != null) {
      // One document for the whole demo: every step's summary, in order.
      AtomicFiles.writeString(common.summaryJson, JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(JSON.createObjectNode().set("steps", summaries)));
      System.out.println("  summary json " + common.summaryJson.toAbsolutePath());
    }
    System.out.println("  report     " + report.toAbsolutePath() + "   (open it in a browser)");
    System.out.println("  lakehouse  " + lakehouse.root() + "   (list tables: synergen tables)");
    System.out.println("  tokenizer  " + Path.of(tokenize.imageTokenizer()).getParent());
    String prompt = switch (corpus) {
      case shapes -> "a red circle";
      case emoji -> "red heart";
      case fashion_mnist -> "a photo of a sneaker";
    };
    String model = arms.get(arms.size() - 1).train().outputDir();
    System.out.println("  model      " + model + "   (try: synergen generate --checkpoint "
        + model + " --prompt \"" + prompt + "\" --out sample.png)");
    return 0;
  }

  private String corpusName() {
    return corpus.name().replace('_', '-');
  }

  /** Fetches the real corpus into {@code dir} (reusing its package cache) and prints what it wrote. */
  private void fetchCorpus(Path dir, int limit) throws Exception {
    Path cache = workdirOrDefault().toAbsolutePath().resolve("packages");
    if (corpus == DemoCorpus.emoji) {
      System.out.println(EmojiCorpus.fetch(dir.toAbsolutePath(), cache, limit, 1000, System.out).describe(dir));
    } else {
      System.out.println(FashionMnistCorpus.fetch(dir.toAbsolutePath(), cache, limit, 1000, System.out)
          .describe(dir));
    }
  }

  /** {@code key} takes {@code from}'s value (or {@code fallback}) unless the user set it. */
  private static Settings follow(Settings settings, String key, String from, String fallback) {
    String value = settings.asMap().getOrDefault(from, fallback);
    return settings.has(key) || value == null ? settings : settings.withOverrides(Map.of(key, value), from);
  }

  private Path workdirOrDefault() {
    return workdir != null ? workdir : Path.of("demo");
  }

  /** The demo's own defaults; a config file, --conf and the flags override them. */
  private Map<String, String> defaults() {
    Path dir = workdirOrDefault();
    Map<String, String> d = new LinkedHashMap<>();
    d.put("shapes.output", dir.resolve("shapes").toString());
    d.put("ingest.input", dir.resolve(corpus == DemoCorpus.shapes ? "shapes" : "corpus").toString());
    if (corpus != DemoCorpus.shapes) {
      // geneval renders and detects shapes-world objects: meaningless for a model of another corpus, where
      // t2i_match judges the generations instead
      d.put("eval.suites", "tokenizer,caption,mcq,pope,t2i_match,efficiency,text");
      d.put("demo.corpus_limit", quick ? "200" : corpus == DemoCorpus.fashion_mnist ? "10000" : "100000");
    } else {
      // geneval's detector judges the shapes world's generations; t2i_match would add a generation per held-out
      // caption to each checkpoint's eval, which the demo's budget does not hold
      d.put("eval.suites", "tokenizer,caption,mcq,pope,geneval,efficiency,text");
      // a quarter of the scenes also ask POPE's question ("Is there a red circle in the image? yes"): the
      // paper's stages mix understanding data in, and without it the model has never seen a question to answer
      d.put("shapes.question_percent", "25");
    }
    // Held-out splits large enough for the tokenizer report on a few thousand pairs.
    d.put("ingest.split.train", "0.9");
    d.put("ingest.split.val", "0.05");
    d.put("ingest.split.test", "0.05");
    if (quick) {
      d.put("shapes.count", "200");
      d.put("shapes.samples_per_shard", "50");
      d.put("shapes.image_size", "32");
      d.put("shapes.grid", "2");
      d.put("tokenizer_train.preset", "tiny");
      d.put("tokenizer_train.steps", "20");
      d.put("tokenizer_train.batch_size", "16");
      d.put("tokenizer_train.kmeans_at_step", "10");
      d.put("tokenizer_train.kmeans_images", "128");
      d.put("tokenizer_train.held_out_images", "32");
      d.put("pack.context_length", "128");
      d.put("train.preset", "tiny");
      d.put("train.steps", "6");
      d.put("train.batch_size", "8");
      d.put("train.checkpoint_every", "3");
      d.put("train.log_every", "3");
      d.put("demo.samples", "2");
      d.put("eval.limit", "8");
      d.put("eval.geneval_prompts", "1");
      d.put("eval.geneval_images", "1");
      d.put("eval.match_captions", "8");
      d.put("eval.max_caption_tokens", "8");
    } else {
      d.put("shapes.count", "4000");
      d.put("tokenizer_train.steps", "400");
      d.put("train.steps", "300");
      d.put("train.checkpoint_every", "100");
      d.put("eval.limit", "100");
      d.put("eval.geneval_prompts", "4");
      d.put("eval.geneval_images", "2");
    }
    d.put("train.output", dir.resolve("run").toString());
    if (stages == DemoArms.Stages.progressive) {
      d.put("ingest_text.input", dir.resolve("text").toString());
      d.put("ingest_text.format", "lines");
      // the base model's and S1's rate in the measured progressive runs (README): the paper's 1e-4 barely moves a
      // model of this size in a few hundred steps; S2 has its own (DemoArms.S2_LR)
      d.put("train.lr", "0.001");
    }

    return d;
  }

  @FunctionalInterface
  private interface Step {
    /** The job's summary, or null for a step that is not a job (the samples). */
    JobSummary run() throws Exception;
  }

  private JobSummary step(JobContext ctx, String title, Step body) throws Exception {
    System.out.println();
    title = ++stepsBegun + "/" + total + " " + title;
    System.out.println(">>> " + title);
    Instant t0 = Instant.now();
    JobSummary summary = body.run();
    if (summary != null) {
      ctx.printSummary(summary);
      summaries.add(JSON.readTree(summary.toJson()));
      if (!summary.balanced()) {
        throw new IllegalStateException("step '" + title + "' did not balance: " + summary.toJson());
      }
    }
    timeline.add(String.format(Locale.ROOT, "  %-78s %8s", title, clock(Duration.between(t0, Instant.now()))));
    return summary;
  }

  private static String clock(Duration d) {
    long s = d.toSeconds();
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}

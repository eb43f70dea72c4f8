package dev.synergen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users meet it: help, fast failures on bad settings, and the shapes -> ingest path. */
class CliTest {
  @TempDir Path dir;

  private static String[] run(String... args) {
    return CliRun.of(args).parts();
  }

  @Test
  void everyOptionOfEveryCommandIsDocumented() {
    picocli.CommandLine cli = Main.commandLine();
    for (var sub : cli.getSubcommands().values()) {
      for (var option : sub.getCommandSpec().options()) {
        String doc = String.join(" ", option.description());
        assertTrue(doc.length() > 10, sub.getCommandName() + " " + option.longestName() + " lacks a description");
      }
    }
    String[] help = run("ingest", "--help");
    assertEquals("0", help[0]);
    assertTrue(help[1].contains("--max-pixels=N"), help[1]);
  }

  @Test
  void everyHelpPageRendersWithoutPicocliWarnings() {
    for (String name : Main.commandLine().getSubcommands().keySet()) {
      String[] r = run(name, "--help");
      assertEquals("0", r[0], name);
      assertFalse(r[2].contains("WARN"), name + ": " + r[2]);
    }
  }

  @Test
  void aMistypedSettingFailsBeforeSparkStartsAndSuggestsTheKey() {
    String[] r = run("ingest", "x.tar", "--conf", "ingest.max_pixel=5");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("[CONFIG_UNKNOWN_KEY] unknown config key 'ingest.max_pixel' (from --conf), did you mean "
        + "'ingest.max_pixels'?"), r[2]);
  }

  @Test
  void badValuesAndMissingInputsAreOneLineErrors() {
    String[] r = run("ingest", "x.tar", "--max-pixels", "0");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("[CONFIG_BAD_VALUE] config key 'ingest.max_pixels' (from command-line flag): expected an"
        + " integer in [1, "), r[2]);
    String[] missing = run("ingest");
    assertEquals("1", missing[0]);
    assertTrue(missing[2].contains("config key 'ingest.input' is required but not set"), missing[2]);
    String[] split = run("ingest", "x.tar", "--split", "0.9,0.1");
    assertTrue(split[2].contains("--split needs three fractions TRAIN,VAL,TEST"), split[2]);
    String[] corpus = run("demo", "--corpus", "mnist");
    assertEquals("1", corpus[0]);
    assertTrue(corpus[2].contains("--corpus must be shapes, emoji or fashion-mnist, got 'mnist'"), corpus[2]);
    String[] stages = run("demo", "--stages", "s3");
    assertEquals("1", stages[0]);
    assertTrue(stages[2].contains("--stages must be full or progressive, got 's3'"), stages[2]);
    String[] limit = run("corpus", "emoji", "--out", "x", "--limit", "0");
    assertEquals("1", limit[0]);
    assertTrue(limit[2].contains("--limit and --per-shard must be >= 1, got 0 and 1000"), limit[2]);
  }

  @Test
  void shapesThenIngestFillsRawPairsAndReportsABalancedSummary() throws Exception {
    String lakehouse = dir.resolve("lakehouse").toString();
    String[] shapes = run("shapes", "--master", "local[2]", "--output", dir.resolve("shapes").toString(),
        "--count", "120", "--samples-per-shard", "50", "--seed", "3");
    assertEquals("0", shapes[0], shapes[2]);
    assertEquals(3, Files.list(dir.resolve("shapes")).filter(p -> p.toString().endsWith(".tar")).count());
    Path summary = dir.resolve("ingest.json");
    String[] ingest = run("ingest", dir.resolve("shapes").toString(), "--master", "local[2]", "--lakehouse", lakehouse,
        "--summary-json", summary.toString());
    assertEquals("0", ingest[0], ingest[2]);
    assertTrue(ingest[1].contains("balance         ok"), ingest[1]);
    JsonNode json = new ObjectMapper().readTree(summary.toFile());
    assertEquals(120, json.get("input").asLong());
    assertEquals(120, json.get("accepted").asLong() + json.get("rejected").asLong());
    Supplier<String> again = () -> run("ingest", dir.resolve("shapes").toString(), "--master", "local[2]",
        "--lakehouse", lakehouse)[1];
    String second = again.get();
    assertTrue(second.contains("accepted (new)  0\n"), second);
    String[] tables = run("tables", "--master", "local[2]", "--lakehouse", lakehouse);
    assertTrue(tables[1].matches("(?s).*raw_pairs +version 1 +" + json.get("accepted").asLong() + " rows.*"), tables[1]);
  }

  @Test
  @Tag("e2e")
  void quickDemoRunsThePipelineEndToEndAndARerunAddsNothing() throws Exception {
    String[] args = {"demo", "--quick", "--stages", "full", "--master", "local[2]", "--workdir",
        dir.resolve("demo").toString(),
        "--lakehouse", dir.resolve("demo-lakehouse").toString(), "--summary-json", dir.resolve("demo.json").toString()};
    String[] first = run(args);
    assertEquals("0", first[0], first[2]);
    assertTrue(first[1].contains("== demo finished in"), first[1]);
    assertTrue(first[1].matches("(?s).*== pack .*accepted \\(new\\)  [1-9][0-9]*\n.*"), first[1]);
    assertTrue(Files.isRegularFile(dir.resolve("demo/run/step-0000006/model.safetensors")), first[1]);
    JsonNode samples = new ObjectMapper().readTree(dir.resolve("demo/samples/samples.json").toFile());
    assertEquals(2, samples.get("samples").size(), samples.toString());
    for (JsonNode sample : samples.get("samples")) {
      assertTrue(Files.size(dir.resolve("demo/samples").resolve(sample.get("generated_png").asText())) > 0);
      assertFalse(sample.get("caption").asText().isBlank(), sample.toString());
    }
    JsonNode steps = new ObjectMapper().readTree(dir.resolve("demo.json").toFile()).get("steps");
    assertEquals(7, steps.size(), "one summary per job step");
    assertEquals("train", steps.get(5).get("job").asText(), steps.toString());
    JsonNode eval = steps.get(6);
    assertEquals("eval", eval.get("job").asText(), steps.toString());
    assertEquals(7, eval.get("input").asLong(), "every suite: " + eval);
    // the shapes world's question samples put POPE's " yes" and " no" in the remap, so every suite measures
    assertEquals(7, eval.get("accepted").asLong(), eval.toString());
    assertTrue(eval.get("rejected_by_reason").isEmpty(), eval.toString());
    String report = Files.readString(dir.resolve("demo/report.html"));
    for (String id : List.of("summary", "charts", "training", "geneval", "captions", "tokenizer", "eval-runs")) {
      assertTrue(report.contains("<section id=\"" + id + "\">"), id);
    }
    assertTrue(first[1].contains("missing: nothing"), first[1]);
    for (String headline : List.of("tokenizer PSNR", "caption CIDEr-D", "CIDEr-D gain from image", "MCQ circular accuracy",
        "MCQ plain accuracy", "POPE F1", "GenEval overall", "held-out text perplexity")) {
      assertTrue(first[1].matches("(?s).*\n    " + Pattern.quote(headline) + "[ a-zA-Z()-]* -?[0-9][0-9.,]* .*"),
          headline + "\n" + first[1]);
    }
    String[] results = run("sql", "--master", "local[2]", "--lakehouse", dir.resolve("demo-lakehouse").toString(),
        "--format", "csv", "SELECT benchmark, count(*) FROM eval_results GROUP BY benchmark ORDER BY benchmark");
    assertEquals("0", results[0], results[2]);
    assertTrue(results[1].matches("(?s).*caption,[1-9].*efficiency,[1-9].*geneval,[1-9].*mcq,[1-9].*pope,[1-9].*"
        + "text,[1-9].*tokenizer,[1-9].*"), results[1]);
    String[] second = run(args);
    assertEquals("0", second[0], second[2]);
    assertTrue(second[1].matches("(?s).*== pack .*accepted \\(new\\)  0\n.*"), second[1]);
  }

  @Test
  @Tag("e2e")
  void quickDemoByDefaultTrainsBaseThenS1ThenS2AndEvaluatesEach() throws Exception {
    Path lakehouse = dir.resolve("progressive-lakehouse");
    String[] result = run("demo", "--quick", "--samples", "0", "--master", "local[2]",
        "--workdir", dir.resolve("progressive").toString(), "--lakehouse", lakehouse.toString(), "--summary-json",
        dir.resolve("progressive.json").toString());
    assertEquals("0", result[0], result[2]);
    for (String arm : List.of("base", "s1", "s2")) {
      assertTrue(Files.isRegularFile(dir.resolve("progressive/run/" + arm + "/step-0000006/model.safetensors")), arm);
      assertTrue(result[1].contains("\n    " + arm + " (" + dir.resolve("progressive/run/" + arm) + "):\n"), arm);
    }
    assertTrue(result[1].contains("14/14 report: one HTML file"), result[1]);
    JsonNode steps = new ObjectMapper().readTree(dir.resolve("progressive.json").toFile()).get("steps");
    List<String> jobs = new java.util.ArrayList<>();
    steps.forEach(step -> jobs.add(step.get("job").asText()));
    assertEquals(List.of("shapes", "ingest", "ingest-text", "tokenizer-train", "tokenize", "pack", "pack-text",
        "train", "train", "train", "eval", "eval", "eval"), jobs);
    assertTrue(steps.get(2).get("accepted").asLong() > 0, "the captions became text documents: " + steps.get(2));
    String[] stages = run("sql", "--master", "local[2]", "--lakehouse", lakehouse.toString(), "--format", "csv",
        "SELECT stage, count(DISTINCT checkpoint_sha256) FROM eval_results GROUP BY stage ORDER BY stage");
    assertEquals("0", stages[0], stages[2]);
    assertTrue(stages[1].replace("\r", "").contains("\ns1,1\ns2,1\ntext,1"), "one checkpoint per stage: "
        + stages[1]);
    String report = Files.readString(dir.resolve("progressive/report.html"));
    for (String column : List.of("TEXT step 6", "S1 step 6", "S2 step 6")) {
      assertTrue(report.contains(column), "the report sets the three checkpoints side by side: " + column);
    }
  }
}

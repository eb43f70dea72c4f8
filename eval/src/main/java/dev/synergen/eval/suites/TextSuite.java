package dev.synergen.eval.suites;

import static org.apache.spark.sql.functions.col;

import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.spark.RowArrays;
import dev.synergen.eval.job.EvalContext;
import dev.synergen.eval.job.ItemResult;
import dev.synergen.eval.job.MetricRow;
import dev.synergen.eval.job.Suite;
import dev.synergen.eval.job.SuiteResult;
import dev.synergen.eval.metrics.ConfidenceInterval;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.generate.TextPerplexity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Held-out text perplexity of the language path (does S1/S2 keep the LLM's text ability): the
 * held-out {@code text} sequences of {@code sequences} when there are any (the text corpus), else the
 * captions of held-out pairs as {@code BOS caption EOS}, scored by {@link TextPerplexity}, with a
 * bootstrap 95% interval over documents.
 */
final class TextSuite implements Suite {
  @Override
  public String name() {
    return "text";
  }

  @Override
  public SuiteResult run(EvalContext ctx) {
    int limit = ctx.config().limit();
    Dataset<Row> docs = null;
    String source = "captions of held-out pairs";
    if (ctx.exists(PipelineTables.SEQUENCES)) {
      var meta = ctx.checkpoint().metadata();
      Dataset<Row> text = ctx.read(PipelineTables.SEQUENCES).where(col("task").equalTo("text")
          .and(col("split").equalTo(ctx.config().split())).and(col("text_tokenizer").equalTo(meta.textTokenizer())))
          .orderBy("seq_id").limit(limit).selectExpr("seq_id as id", "cast(null as string) as text", "tokens");
      if (!text.isEmpty()) {
        docs = text;
        source = "held-out text sequences";
      }
    }
    if (docs == null) {
      docs = ctx.heldOutPairs(limit).selectExpr("pair_id as id", "caption as text", "cast(null as array<int>) as tokens");
    }
    List<ItemResult> items = ctx.infer("text: perplexity of held-out text", docs, (rows, pipeline) -> {
      VocabularyLayout v = pipeline.inference().vocabulary();
      List<ItemResult> out = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      List<int[]> continuations = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        ids.add(r.getString(0));
        texts.add(r.isNullAt(1) ? "(text sequence)" : r.getString(1));
        continuations.add(!r.isNullAt(2) ? TextPerplexity.continuationOfSequence(RowArrays.ints(r, 2), v)
            : TextPerplexity.continuationOfText(pipeline.encode(r.getString(1)), v));
      }
      List<TextPerplexity.Document> scored = TextPerplexity.of(pipeline.inference(), ids, continuations).documents();
      for (int i = 0; i < scored.size(); i++) {
        TextPerplexity.Document d = scored.get(i);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("log_likelihood", d.logLikelihood());
        detail.put("tokens", d.tokens());
        out.add(new ItemResult(d.id(), texts.get(i), null, null, null, Math.exp(-d.logLikelihood() / d.tokens()), null,
            detail));
      }
      return out;
    });
    if (items.isEmpty()) {
      return SuiteResult.skipped("no held-out text: neither text sequences nor pairs of split '" + ctx.config().split()
          + "'");
    }
    double[] ll = items.stream().mapToDouble(i -> i.number("log_likelihood")).toArray();
    double[] tokens = items.stream().mapToDouble(i -> i.number("tokens")).toArray();
    double value = perplexity(ll, tokens, null);
    SplittableRandom random = new SplittableRandom(ctx.config().seed());
    double[] resampled = new double[1000];
    for (int b = 0; b < resampled.length; b++) {
      int[] pick = random.ints(ll.length, 0, ll.length).toArray();
      resampled[b] = perplexity(ll, tokens, pick);
    }
    Arrays.sort(resampled);
    long totalTokens = (long) Arrays.stream(tokens).sum();
    ConfidenceInterval ci = new ConfidenceInterval(value, resampled[24], resampled[974], items.size(),
        ConfidenceInterval.BOOTSTRAP);
    List<ItemResult> samples = new ArrayList<>();
    for (ItemResult i : items) {
      Map<String, Object> detail = new LinkedHashMap<>(i.detail());
      detail.put("source", source);
      samples.add(new ItemResult(i.id(), i.input(), i.output(), i.reference(), i.correct(), i.score(), i.image(), detail));
    }
    return SuiteResult.of(List.of(MetricRow.of("perplexity", ci), MetricRow.point("tokens", totalTokens, items.size())),
        samples);
  }

  private static double perplexity(double[] ll, double[] tokens, int[] pick) {
    double l = 0;
    double t = 0;
    for (int k = 0; k < (pick == null ? ll.length : pick.length); k++) {
      int i = pick == null ? k : pick[k];
      l += ll[i];
      t += tokens[i];
    }
    return Math.exp(-l / t);
  }
}

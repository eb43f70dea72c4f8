package dev.synergen.eval.suites;

import dev.synergen.eval.job.EvalContext;
import dev.synergen.eval.job.ItemResult;
import dev.synergen.eval.job.MetricRow;
import dev.synergen.eval.job.Suite;
import dev.synergen.eval.job.SuiteResult;
import dev.synergen.eval.metrics.ConfidenceInterval;
import dev.synergen.tokenization.vq.CodebookMetrics;
import dev.synergen.tokenization.vq.ImageBatch;
import dev.synergen.tokenization.vq.ReconstructionMetrics;
import dev.synergen.tokenization.vq.VqTokenizer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The checkpoint's VQ tokenizer on held-out images: reconstruction PSNR and SSIM per image (mean,
 * bootstrap 95% interval), codebook usage and perplexity of the codes. Samples: the original
 * ({@code image}) and its reconstruction ({@code detail.reconstruction_png}, base64 PNG).
 */
final class TokenizerSuite implements Suite {
  @Override
  public String name() {
    return "tokenizer";
  }

  @Override
  public SuiteResult run(EvalContext ctx) {
    List<ItemResult> items = ctx.infer("tokenizer: reconstruct held-out images", ctx.heldOutPairs(ctx.config().limit()),
        (rows, pipeline) -> {
          VqTokenizer vq = pipeline.tokenizers().imageTokenizer();
          int size = vq.config().imageSize();
          List<ItemResult> out = new ArrayList<>();
          while (rows.hasNext()) {
            Row r = rows.next();
            BufferedImage image = Pngs.fitted((byte[]) r.get(1), size);
            ImageBatch batch = ImageBatch.of(List.of(image), size);
            VqTokenizer.Reconstruction rec = vq.reconstruct(batch);
            double psnr = ReconstructionMetrics.psnr(ReconstructionMetrics.mse(batch, rec.images(), 0));
            double ssim = ReconstructionMetrics.ssim(batch, rec.images(), 0);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("psnr", psnr);
            detail.put("ssim", ssim);
            detail.put("codes", rec.codes().image(0));
            detail.put("reconstruction_png", ItemResult.base64(Pngs.encode(rec.images().toBufferedImage(0))));
            out.add(new ItemResult(r.getString(0), r.getString(2), null, null, null, psnr,
                ItemResult.base64(Pngs.encode(image)), detail));
          }
          return out;
        });
    if (items.isEmpty()) {
      return SuiteResult.skipped("raw_pairs has no row of split '" + ctx.config().split() + "'");
    }
    double[] psnr = items.stream().mapToDouble(i -> i.number("psnr")).toArray();
    double[] ssim = items.stream().mapToDouble(i -> i.number("ssim")).toArray();
    int codebook = ctx.checkpoint().config().grid().codebookSize();
    List<Integer> all = new ArrayList<>();
    List<ItemResult> samples = new ArrayList<>();
    for (ItemResult i : items) {
      @SuppressWarnings("unchecked")
      List<Number> codes = (List<Number>) i.detail().get("codes");
      codes.forEach(c -> all.add(c.intValue()));
      Map<String, Object> detail = new LinkedHashMap<>(i.detail());
      detail.remove("codes");
      samples.add(new ItemResult(i.id(), i.input(), i.output(), i.reference(), i.correct(), i.score(), i.image(),
          detail));
    }
    long[] histogram = CodebookMetrics.histogram(all.stream().mapToInt(Integer::intValue).toArray(), codebook);
    long seed = ctx.config().seed();
    return SuiteResult.of(List.of(
        MetricRow.of("psnr_db", ConfidenceInterval.bootstrap(psnr, 1000, seed)),
        MetricRow.of("ssim", ConfidenceInterval.bootstrap(ssim, 1000, seed)),
        MetricRow.point("codebook_usage", CodebookMetrics.usage(histogram), all.size()),
        MetricRow.point("codebook_perplexity", CodebookMetrics.perplexity(histogram), all.size())), samples);
  }
}

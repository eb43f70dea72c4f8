package dev.synergen.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The markdown table of one {@code bench all} run: a row per benchmark, candidate beside reference and their ratio. */
final class BenchTable {
  private BenchTable() {}

  static String markdown(JsonNode all) {
    JsonNode m = all.path("machine");
    StringBuilder out = new StringBuilder();
    out.append("### `synergen bench all`, ").append(all.path("date").asText()).append(", ")
        .append(all.path("host").asText()).append("\n\n");
    out.append(m.path("cpu").asText()).append(", ").append(m.path("cores").asInt()).append(" cores, Java ")
        .append(m.path("java").asText()).append(", heap ").append(m.path("max_heap_mb").asLong())
        .append(" MB. Every figure below was measured in this one run; each ratio compares two variants run "
            + "side by side.\n\n");
    out.append("| benchmark | measured | beside it, same run | ratio |\n|---|---|---|---|\n");
    JsonNode benchmarks = all.path("benchmarks");
    List<String> notes = new ArrayList<>();
    for (String name : BenchAll.NAMES) {
      JsonNode entry = benchmarks.path(name);
      if (entry.has("report")) {
        rows(name, entry.path("report"), out);
      } else if (entry.has("failed") || entry.has("skipped")) {
        String why = entry.has("failed") ? "failed: " + entry.path("failed").asText()
            : "skipped: " + entry.path("skipped").asText();
        out.append("| ").append(name).append(" | ").append(cell(why)).append(" | | |\n");
      }
      if (entry.has("seconds")) {
        notes.add(String.format(Locale.ROOT, "%s %.0f s", name, entry.path("seconds").asDouble()));
      }
    }
    out.append("\nWall-clock time per benchmark: ").append(String.join(", ", notes)).append(".\n");
    return out.toString();
  }

  private static void rows(String name, JsonNode r, StringBuilder out) {
    switch (name) {
      case "model" -> model(r, out);
      case "vq" -> row(out, "vq: small tokenizer, " + f("%.0f", r.path("budget_minutes").asDouble()) + " min budget",
          f("held-out PSNR %.2f dB, SSIM %.3f, codebook usage %.0f%%", r.path("psnr_db").asDouble(),
              r.path("ssim").asDouble(), 100 * r.path("codebook_usage").asDouble())
              + f(" after %,d steps", r.path("steps_trained").asLong()),
          f("goal: PSNR >= %.0f dB", r.path("goal_psnr_db").asDouble()), "");
      case "tokenize" -> tokenize(r, out);
      case "ingest" -> ingest(r, out);
      case "train" -> train(r, out);
      default -> throw new IllegalStateException("no table rows for " + name);
    }
  }

  private static void model(JsonNode r, StringBuilder out) {
    double peak = Math.max(r.path("matmul_peak_gflops").path("1024").asDouble(),
        r.path("matmul_peak_gflops").path("2048").asDouble());
    JsonNode t = r.path("training");
    if (!t.isMissingNode()) {
      JsonNode f = t.path("folded_2x4");
      JsonNode p = t.path("no_folding");
      row(out, f("model: training step, small, batch %d", f.path("batch_pairs").asInt()),
          f("2x4 folding: %.1f pairs/s, %.0f GFLOP/s = %.0f%% of the %.0f GFLOP/s matmul peak",
              f.path("pairs_per_s").asDouble(), f.path("achieved_gflops").asDouble(),
              100 * f.path("fraction_of_matmul_peak").asDouble(), peak),
          f("no folding: %.1f pairs/s, %.0f GFLOP/s", p.path("pairs_per_s").asDouble(),
              p.path("achieved_gflops").asDouble()),
          speedup(t.path("speedup_per_pair").asDouble(), t, "per pair"));
      JsonNode whole = t.path("no_folding_whole_attention");
      if (!whole.isMissingNode()) {
        row(out, f("model: no-folding step, attention in blocks of %d queries",
                t.path("attention_query_block").asInt()),
            f("query blocks: %.1f pairs/s, %.0f GFLOP/s", p.path("pairs_per_s").asDouble(),
                p.path("achieved_gflops").asDouble()),
            f("whole (T, T) scores: %.1f pairs/s, %.0f GFLOP/s", whole.path("pairs_per_s").asDouble(),
                whole.path("achieved_gflops").asDouble()),
            speedup(t.path("query_blocks").path("speedup_per_pair").asDouble(), t.path("query_blocks"), "per pair"));
      }
    }
    JsonNode g = r.path("generation");
    if (!g.isMissingNode()) {
      JsonNode u = g.path("unfolding_head_2x4");
      JsonNode a = g.path("plain_autoregressive");
      row(out, "model: generating one image, CFG, KV caches",
          f("unfolding head: %,.0f ms, %.1f GFLOP/s", u.path("ms_per_image").asDouble(),
              u.path("achieved_gflops").asDouble()),
          f("plain autoregression: %,.0f ms, %.1f GFLOP/s", a.path("ms_per_image").asDouble(),
              a.path("achieved_gflops").asDouble()),
          speedup(g.path("speedup").asDouble(), g, "per image"));
    }
  }

  /** "5.7x faster per pair = 3.1x fewer FLOPs x 1.8x the GFLOP/s". */
  private static String speedup(double wall, JsonNode parts, String unit) {
    return f("%.2fx faster %s = %.2fx fewer FLOPs x %.2fx the GFLOP/s", wall, unit,
        parts.path("flop_ratio").asDouble(), parts.path("efficiency_ratio").asDouble());
  }

  private static void tokenize(JsonNode r, StringBuilder out) {
    JsonNode job = r.path("job");
    JsonNode bare = r.path("bare_loop").path("all_cores");
    JsonNode ratio = r.path("ratio_per_core");
    row(out, f("tokenize: %,d images, %d cores", r.path("settings").path("images").asInt(), job.path("cores").asInt()),
        f("Spark job: %.1f images/s per core (encode phase %.1f)",
            job.path("images_per_s").asDouble() / job.path("cores").asInt(),
            job.path("encode_images_per_s").asDouble() / job.path("cores").asInt()),
        f("bare DJL loop: %.1f images/s per core", bare.path("images_per_s_per_core").asDouble()),
        f("%.2fx per core (encode phase %.2fx; goal >= %.2f)", ratio.path("whole_job_vs_bare_all_cores").asDouble(),
            ratio.path("encode_phase_vs_bare_all_cores").asDouble(), ratio.path("goal").asDouble()));
  }

  private static void ingest(JsonNode r, StringBuilder out) {
    JsonNode runs = r.path("runs");
    if (runs.size() == 0) {
      return;
    }
    JsonNode first = runs.get(0);
    for (int i = 1; i < runs.size(); i++) {
      JsonNode other = runs.get(i);
      row(out, f("ingest: %,d shapes-world pairs per size", r.path("settings").path("pairs").asLong()),
          f("%d px: %,.0f rows/s per core", first.path("image_size").asInt(),
              first.path("rows_per_s_per_core").asDouble()),
          f("%d px: %,.0f rows/s per core", other.path("image_size").asInt(),
              other.path("rows_per_s_per_core").asDouble()),
          f("%.2fx the time per row for %.1fx the PNG bytes", other.path("time_ratio_to_first").asDouble(),
              other.path("bytes_ratio_to_first").asDouble()));
    }
  }

  private static void train(JsonNode r, StringBuilder out) {
    JsonNode a = r.path("a_bare_loop");
    JsonNode b = r.path("b_one_worker_barrier");
    JsonNode ratios = r.path("ratios");
    row(out, f("train: %,d rows, %s, batch %d", r.path("samples").asLong(), r.path("preset").asText(),
            r.path("batch").asInt()),
        f("(b) --workers 1 barrier stage: %,d tokens/s, held-out loss %.3f", b.path("tokens_per_s").asLong(),
            b.path("heldout_loss").asDouble()),
        f("(a) bare DJL loop: %,d tokens/s, held-out loss %.3f", a.path("tokens_per_s").asLong(),
            a.path("heldout_loss").asDouble()),
        f("overhead of (b) %.0f%% (goal %.0f%%)", 100 * ratios.path("b_over_a_overhead").asDouble(),
            100 * ratios.path("b_over_a_goal").asDouble()));
    for (int h : new int[] {10, 50}) {
      JsonNode c = r.path("c_two_workers_h" + h);
      if (!c.isMissingNode()) {
        row(out, "train: 2 DiLoCo workers, H = " + h,
            f("held-out loss %.3f, %,d tokens/s", c.path("heldout_loss").asDouble(), c.path("tokens_per_s").asLong()),
            f("(b): held-out loss %.3f", b.path("heldout_loss").asDouble()),
            f("loss %+.0f%% (goal within %.0f%%); %.0fx fewer bytes than a ring all-reduce",
                100 * ratios.path("c_h" + h + "_loss_vs_b").asDouble(), 100 * ratios.path("c_loss_goal").asDouble(),
                c.path("less_than_sync_dp_ring").asDouble()));
      }
    }
  }

  private static void row(StringBuilder out, String... cells) {
    out.append('|');
    for (String c : cells) {
      out.append(' ').append(cell(c)).append(" |");
    }
    out.append('\n');
  }

  /** A table cell: one line, pipes escaped. */
  private static String cell(String text) {
    return text.replace("\n", " ").replace("|", "\\|");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}

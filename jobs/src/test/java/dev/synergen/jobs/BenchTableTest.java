package dev.synergen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synergen.core.Lakehouse;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The shape of a bench all document, with round figures so the expected text is easy to check. */
  private static JsonNode run() throws Exception {
    return JSON.readTree("""
        {"date": "2026-12-01", "host": "box",
         "machine": {"cpu": "Some CPU", "cores": 2, "java": "17", "max_heap_mb": 6000},
         "benchmarks": {
           "model": {"seconds": 100, "report": {
             "matmul_peak_gflops": {"1024": 150, "2048": 200},
             "training": {"speedup_per_pair": 6.0, "flop_ratio": 3.0, "efficiency_ratio": 2.0,
               "folded_2x4": {"batch_pairs": 32, "pairs_per_s": 30, "achieved_gflops": 120,
                 "fraction_of_matmul_peak": 0.6},
               "no_folding": {"pairs_per_s": 5, "achieved_gflops": 60}},
             "generation": {"speedup": 2.0, "flop_ratio": 1.25, "efficiency_ratio": 1.6,
               "unfolding_head_2x4": {"ms_per_image": 400, "achieved_gflops": 5},
               "plain_autoregressive": {"ms_per_image": 800, "achieved_gflops": 3.125}}}},
           "vq": {"seconds": 600, "report": {"budget_minutes": 10, "psnr_db": 30.5, "ssim": 0.9,
             "codebook_usage": 0.99, "steps_trained": 1200, "goal_psnr_db": 26}},
           "tokenize": {"seconds": 1, "failed": "IOException: disk | full"},
           "ingest": {"seconds": 60, "report": {"settings": {"pairs": 4000}, "runs": [
             {"image_size": 64, "rows_per_s_per_core": 500},
             {"image_size": 256, "rows_per_s_per_core": 200, "time_ratio_to_first": 2.5,
              "bytes_ratio_to_first": 7}]}},
           "train": {"seconds": 2, "skipped": "no sequences table in lakehouse"}}}
        """);
  }

  @Test
  void aRowPerBenchmarkSetsEachCandidateBesideItsReferenceWithTheRatioSplitIntoFlopsAndEfficiency() throws Exception {
    String md = BenchTable.markdown(run());
    assertTrue(md.startsWith("### `synergen bench all`, 2026-12-01, box\n\nSome CPU, 2 cores"), md);
    assertTrue(md.contains("| model: training step, small, batch 32 | 2x4 folding: 30.0 pairs/s, 120 GFLOP/s = 60% of "
        + "the 200 GFLOP/s matmul peak | no folding: 5.0 pairs/s, 60 GFLOP/s | 6.00x faster per pair = 3.00x fewer "
        + "FLOPs x 2.00x the GFLOP/s |"), md);
    assertTrue(md.contains("| unfolding head: 400 ms, 5.0 GFLOP/s | plain autoregression: 800 ms, 3.1 GFLOP/s | "
        + "2.00x faster per image = 1.25x fewer FLOPs x 1.60x the GFLOP/s |"), md);
    assertTrue(md.contains("held-out PSNR 30.50 dB, SSIM 0.900, codebook usage 99% after 1,200 steps"), md);
    assertTrue(md.contains("| 64 px: 500 rows/s per core | 256 px: 200 rows/s per core | 2.50x the time per row for "
        + "7.0x the PNG bytes |"), md);
  }

  @Test
  void aFailedOrSkippedBenchmarkKeepsItsRowWithTheReason() throws Exception {
    String md = BenchTable.markdown(run());
    assertTrue(md.contains("| tokenize | failed: IOException: disk \\| full | | |"), md);
    assertTrue(md.contains("| train | skipped: no sequences table in lakehouse | | |"), md);
    assertTrue(md.contains("Wall-clock time per benchmark: model 100 s, vq 600 s, tokenize 1 s, ingest 60 s, "
        + "train 2 s."), md);
  }

  @Test
  void anUnknownBenchmarkToSkipIsRefusedWithTheNames() {
    var e = assertThrows(IllegalArgumentException.class, () -> new BenchAll.Request(
        BenchAll.Sizes.quick(1), Set.of("models"), new Lakehouse("lh"), Path.of("tok"), "small", Path.of("out")));
    assertEquals("bench all: --skip takes model, vq, tokenize, ingest, train; got 'models'", e.getMessage());
  }

  @Test
  void theHostNameBecomesASafeFileNamePart() {
    assertTrue(BenchAll.host().matches("[A-Za-z0-9._-]+"), BenchAll.host());
  }
}

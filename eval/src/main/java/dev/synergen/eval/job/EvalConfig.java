package dev.synergen.eval.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.synergen.core.Lakehouse;
import dev.synergen.core.config.Settings;
import dev.synergen.core.run.FaultPlan;
import dev.synergen.eval.EvalErrors;
import dev.synergen.tokenization.device.TaskDevice;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings of {@code synergen eval} (keys {@code eval.*}, see {@link EvalSettings}). */
public record EvalConfig(Lakehouse lakehouse, String checkpoint, List<String> suites, int limit, int genevalPrompts,
    int genevalImages, int matchCaptions, double guidance, int maxCaptionTokens, long seed, String split, int worldGrid, String device,
    int partitions, FaultPlan faults) implements Serializable {
  public static final List<String> ALL_SUITES = List.of("tokenizer", "caption", "mcq", "pope", "geneval", "t2i_match",
      "efficiency", "text");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public EvalConfig {
    if (checkpoint == null || checkpoint.isBlank()) {
      throw EvalErrors.error(EvalErrors.EVAL_CONFIG_INVALID, "eval.checkpoint (--checkpoint) is required");
    }
    suites = List.copyOf(suites == null || suites.isEmpty() ? ALL_SUITES : suites);
    for (String s : suites) {
      if (!ALL_SUITES.contains(s)) {
        throw EvalErrors.error(EvalErrors.EVAL_CONFIG_INVALID, "unknown suite '" + s + "'; the suites are "
            + ALL_SUITES);
      }
    }
    faults = faults == null ? FaultPlan.none() : faults;
    if (!TaskDevice.isValidChoice(device)) {
      throw EvalErrors.error(EvalErrors.EVAL_CONFIG_INVALID, "eval.device must be auto, cpu, gpu or gpu:N, got '"
          + device + "'");
    }
  }

  public static EvalConfig from(Settings s) {
    return new EvalConfig(new Lakehouse(s.string("lakehouse", Lakehouse.DEFAULT_ROOT)),
        EvalSettings.CHECKPOINT.require(s), EvalSettings.SUITES.get(s), EvalSettings.LIMIT.get(s),
        EvalSettings.PROMPTS.get(s), EvalSettings.IMAGES.get(s), EvalSettings.MATCH_CAPTIONS.get(s),
        EvalSettings.GUIDANCE.get(s),
        EvalSettings.MAX_TOKENS.get(s), EvalSettings.SEED.get(s), EvalSettings.SPLIT.get(s),
        EvalSettings.WORLD_GRID.get(s), EvalSettings.DEVICE.get(s), EvalSettings.PARTITIONS.get(s),
        FaultPlan.parse(EvalSettings.FAULTS.get(s), EvalSettings.FAULTS.key()));
  }

  /** This config with other suites (validated as in the constructor). */
  public EvalConfig withSuites(List<String> other) {
    return new EvalConfig(lakehouse, checkpoint, other, limit, genevalPrompts, genevalImages, matchCaptions, guidance,
        maxCaptionTokens, seed, split, worldGrid, device, partitions, faults);
  }

  /** The settings that decide a suite's numbers (not where they run): part of the eval run's id. */
  public String identityJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("limit", limit);
    m.put("geneval_prompts", genevalPrompts);
    m.put("geneval_images", genevalImages);
    m.put("match_captions", matchCaptions);
    m.put("guidance", guidance);
    m.put("max_caption_tokens", maxCaptionTokens);
    m.put("seed", seed);
    m.put("split", split);
    m.put("world_grid", worldGrid);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of plain values always serialises", e);
    }
  }
}

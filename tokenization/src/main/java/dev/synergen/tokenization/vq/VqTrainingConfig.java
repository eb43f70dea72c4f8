package dev.synergen.tokenization.vq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synergen.tokenization.TokenizationErrors;
import java.util.Iterator;
import java.util.Set;

/**
 * How the VQ tokenizer trains: Adam on the encoder and decoder with linear warm-up then cosine
 * decay to {@code minLearningRateRatio} at {@code totalSteps}; the codebook follows an EMA with
 * {@code emaDecay}; codes whose EMA count falls below {@code deadCodeThreshold} are restarted.
 *
 * @param gradientClipNorm global L2 norm the gradients are clipped to; 0 disables clipping
 */
public record VqTrainingConfig(
    float learningRate,
    int warmupSteps,
    int totalSteps,
    float minLearningRateRatio,
    float beta1,
    float beta2,
    float epsilon,
    float gradientClipNorm,
    float commitmentWeight,
    float emaDecay,
    float deadCodeThreshold,
    long seed) {

  private static final Set<String> JSON_KEYS = Set.of("learning_rate", "warmup_steps", "total_steps",
      "min_learning_rate_ratio", "beta1", "beta2", "epsilon", "gradient_clip_norm", "commitment_weight", "ema_decay",
      "dead_code_threshold", "seed");

  public VqTrainingConfig {
    check(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1)", learningRate);
    check(warmupSteps >= 0, "warmupSteps must be >= 0", warmupSteps);
    check(totalSteps >= 1, "totalSteps must be >= 1 (it sets the length of the cosine schedule)", totalSteps);
    check(minLearningRateRatio >= 0 && minLearningRateRatio <= 1, "minLearningRateRatio must be in [0, 1]",
        minLearningRateRatio);
    check(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1)", beta1);
    check(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1)", beta2);
    check(epsilon > 0, "epsilon must be > 0", epsilon);
    check(gradientClipNorm >= 0, "gradientClipNorm must be >= 0 (0 disables clipping)", gradientClipNorm);
    check(commitmentWeight >= 0, "commitmentWeight must be >= 0", commitmentWeight);
    check(emaDecay > 0 && emaDecay < 1, "emaDecay must be in (0, 1)", emaDecay);
    check(deadCodeThreshold >= 0, "deadCodeThreshold must be >= 0 (0 disables restarts)", deadCodeThreshold);
  }

  private static void check(boolean ok, String rule, Object actual) {
    if (!ok || (actual instanceof Float f && !Float.isFinite(f))) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, rule + ", got " + actual);
    }
  }

  /** The defaults used by the benchmark for {@code totalSteps} steps. */
  public static VqTrainingConfig defaults(int totalSteps, long seed) {
    return new VqTrainingConfig(1e-3f, Math.min(100, totalSteps / 10), totalSteps, 0.05f, 0.9f, 0.99f, 1e-8f, 1.0f,
        0.25f, 0.99f, 1.0f, seed);
  }

  public VqTrainingConfig withTotalSteps(int steps) {
    return new VqTrainingConfig(learningRate, warmupSteps, steps, minLearningRateRatio, beta1, beta2, epsilon,
        gradientClipNorm, commitmentWeight, emaDecay, deadCodeThreshold, seed);
  }

  /** Learning rate of the 1-based {@code step}. */
  public float learningRate(int step) {
    if (step <= warmupSteps) {
      return learningRate * step / Math.max(1, warmupSteps);
    }
    double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return (float) (learningRate * (minLearningRateRatio + (1 - minLearningRateRatio) * cosine));
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("learning_rate", learningRate);
    n.put("warmup_steps", warmupSteps);
    n.put("total_steps", totalSteps);
    n.put("min_learning_rate_ratio", minLearningRateRatio);
    n.put("beta1", beta1);
    n.put("beta2", beta2);
    n.put("epsilon", epsilon);
    n.put("gradient_clip_norm", gradientClipNorm);
    n.put("commitment_weight", commitmentWeight);
    n.put("ema_decay", emaDecay);
    n.put("dead_code_threshold", deadCodeThreshold);
    n.put("seed", seed);
    return n;
  }

  public static VqTrainingConfig fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "VQ training config must be a JSON object, got " + n);
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!JSON_KEYS.contains(key)) {
        throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "unknown VQ training config key '" + key + "'; expected keys are " + JSON_KEYS);
      }
    }
    for (String key : JSON_KEYS) {
      if (!n.path(key).isNumber()) {
        throw TokenizationErrors.error(TokenizationErrors.VQ_CONFIG_INVALID, "VQ training config key '" + key + "' must be a number, got " + n.get(key));
      }
    }
    return new VqTrainingConfig((float) n.get("learning_rate").asDouble(), n.get("warmup_steps").asInt(),
        n.get("total_steps").asInt(), (float) n.get("min_learning_rate_ratio").asDouble(),
        (float) n.get("beta1").asDouble(), (float) n.get("beta2").asDouble(), (float) n.get("epsilon").asDouble(),
        (float) n.get("gradient_clip_norm").asDouble(), (float) n.get("commitment_weight").asDouble(),
        (float) n.get("ema_decay").asDouble(), (float) n.get("dead_code_threshold").asDouble(), n.get("seed").asLong());
  }
}

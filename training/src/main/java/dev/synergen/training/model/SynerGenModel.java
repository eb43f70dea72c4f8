package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.synergen.tokenization.nn.Scalars;
import dev.synergen.training.TrainingErrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SynerGen-VL: one decoder-only transformer over text tokens and folded image windows, with
 * vision experts in every layer and an unfolding head that predicts each window's codes.
 *
 * <p>Checkpoint keys (children in this order): {@code text_embed} (the text ids), {@code special_embed}
 * (the special tokens after them), {@code layers.<i>.{attention_norm, attention.{wq,wk,wv,wo}, ffn_norm,
 * ffn.text.{w1,w2,w3}, ffn.image.{w1,w2,w3}}}, {@code norm}, {@code lm_head} (text ids), {@code
 * special_head} (special tokens), {@code folding.{code_embed,pos_embed,fc1,fc2}}, {@code unfolding.{code_embed,
 * pos_embed, layers.<j>.*, norm, classifier}}, each ending in {@code .weight} or {@code .bias}.
 *
 * <p>Building the block tree allocates nothing; {@link #initialize} creates the arrays on the
 * device of the given manager. Close the model to free them.
 */
public final class SynerGenModel extends NamedBlock implements AutoCloseable {
  /** Weight of the image-code loss (SynerGen-VL section 3.3). */
  public static final double DEFAULT_IMAGE_LOSS_WEIGHT = 2.0;

  private final ModelConfig config;
  private final TokenEmbedding tokens;
  private final List<SynerGenDecoderLayer> layers = new ArrayList<>();
  private final RmsNorm norm;
  private final TokenHead head;
  private final TokenFolding folding;
  private final UnfoldingHead unfolding;
  private final List<ModelParameter> parameters;
  private final Map<String, ModelParameter> byName = new LinkedHashMap<>();
  private NDManager manager;
  private DataType dtype;

  /** How an initialised model obtains each parameter's first values. */
  @FunctionalInterface
  public interface ParameterSource {
    NDArray create(NDManager manager, ModelParameter parameter, DataType dtype);
  }

  private SynerGenModel(ModelConfig config) {
    this.config = config;
    int textVocab = config.textVocab();
    int specials = config.vocabulary().specialCount();
    this.tokens = new TokenEmbedding(textVocab,
        child("text_embed", new EmbeddingTable(textVocab, config.hidden(), ParameterGroup.TEXT)),
        child("special_embed", new EmbeddingTable(specials, config.hidden(), ParameterGroup.IMAGE)));
    for (int i = 0; i < config.layers(); i++) {
      layers.add(child("layers." + i, SynerGenDecoderLayer.llm(config)));
    }
    this.norm = child("norm", new RmsNorm(config.hidden(), config.normEps(), ParameterGroup.TEXT));
    this.head = new TokenHead(
        child("lm_head", new LinearWeight(textVocab, config.hidden(), ParameterGroup.TEXT, Init.normal(Init.BASE_STD))),
        child("special_head", new LinearWeight(specials, config.hidden(), ParameterGroup.IMAGE,
            Init.normal(Init.BASE_STD))));
    this.folding = child("folding", new TokenFolding(config));
    this.unfolding = child("unfolding", new UnfoldingHead(config));
    List<ModelParameter> all = new ArrayList<>();
    collect("", all);
    this.parameters = Collections.unmodifiableList(all);
    for (ModelParameter p : all) {
      byName.put(p.name(), p);
    }
  }

  /** The block tree with declared shapes only; nothing is allocated. */
  public static SynerGenModel create(ModelConfig config) {
    return new SynerGenModel(config);
  }

  /** Parameter counts of a config, computed from shapes without allocating any tensor. */
  public static ParameterCount count(ModelConfig config) {
    return create(config).parameterCount();
  }

  /** Seeded float32 initialisation on the manager's device (same seed = same weights everywhere). */
  public SynerGenModel initialize(NDManager parent, long seed) {
    return initialize(parent, seed, DataType.FLOAT32);
  }

  /** Seeded initialisation; FLOAT64 is for gradient checks on tiny models. */
  public SynerGenModel initialize(NDManager parent, long seed, DataType dataType) {
    return initialize(parent, dataType,
        (m, p, dt) -> p.init().initializer(seed, p.name()).initialize(m, p.shape(), dt));
  }

  /** Initialisation from any source (checkpoints, imports); every array lands on the manager's device. */
  public SynerGenModel initialize(NDManager parent, DataType dataType, ParameterSource source) {
    if (manager != null) {
      throw new IllegalStateException("model " + config.name() + " is already initialised");
    }
    if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
      throw TrainingErrors.error(TrainingErrors.MODEL_CONFIG_INVALID, "dtype " + dataType + " is not supported; use FLOAT32 (FLOAT64 for"
          + " gradient checks). bf16 aborts the stock CPU libtorch JNI");
    }
    this.manager = parent.newSubManager();
    this.dtype = dataType;
    for (ModelParameter p : parameters) {
      p.parameter().setInitializer((m, shape, dt) -> {
        NDArray a = source.create(m, p, dt);
        if (!a.getShape().equals(shape) || a.getDataType() != dt) {
          throw TrainingErrors.error(TrainingErrors.MODEL_WEIGHTS_MISMATCH, "parameter " + p.name() + " must be " + dt + " "
              + shape + ", the source gave " + a.getDataType() + " " + a.getShape());
        }
        return a;
      });
      p.parameter().initialize(manager, dataType);
    }
    return this;
  }

  public ModelConfig config() {
    return config;
  }

  /** Every parameter in checkpoint-key order. */
  public List<ModelParameter> parameters() {
    return parameters;
  }

  public ModelParameter parameter(String name) {
    ModelParameter p = byName.get(name);
    if (p == null) {
      throw TrainingErrors.error(TrainingErrors.MODEL_WEIGHTS_MISMATCH, "model " + config.name() + " has no parameter '" + name
          + "'");
    }
    return p;
  }

  /** The parameters that train now (see {@link #setTrainableGroups}), by checkpoint key, in key order. */
  public Map<String, Parameter> trainableParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    for (ModelParameter p : parameters) {
      if (p.trainable()) {
        out.put(p.name(), p.parameter());
      }
    }
    return out;
  }

  /** Every parameter as DJL sees it, in checkpoint-key order. */
  public List<Parameter> djlParameters() {
    return parameters.stream().map(ModelParameter::parameter).toList();
  }

  public ParameterCount parameterCount() {
    return ParameterCount.of(parameters);
  }

  /** Trains exactly the given groups; the others are frozen (no gradients, no optimizer updates). */
  public void setTrainableGroups(Set<ParameterGroup> groups) {
    for (ModelParameter p : parameters) {
      p.parameter().freeze(!groups.contains(p.group()));
    }
  }

  /** Copies each layer's text FFN into its image FFN (image experts start from the LLM's FFN). */
  public void copyTextExpertsToImageExperts() {
    for (int i = 0; i < layers.size(); i++) {
      for (String w : List.of("w1", "w2", "w3")) {
        ModelParameter text = parameter("layers." + i + ".ffn.text." + w + ".weight");
        ModelParameter image = parameter("layers." + i + ".ffn.image." + w + ".weight");
        image.array().set(text.array().toByteBuffer());
      }
    }
  }

  /** The manager holding the parameters; scopes for batches should be its sub-managers. */
  public NDManager manager() {
    if (manager == null) {
      throw new IllegalStateException("model " + config.name() + " is not initialised");
    }
    return manager;
  }

  /** A fresh per-batch manager on the model's device; close it after the step. */
  public NDManager newScope() {
    return manager().newSubManager();
  }

  public DataType dataType() {
    return dtype;
  }

  public TokenFolding folding() {
    return folding;
  }

  public UnfoldingHead unfolding() {
    return unfolding;
  }

  public int layerCount() {
    return layers.size();
  }

  /** Text and special-token embeddings: int64 ids (...) -> (..., d). */
  public NDArray embedText(NDArray ids) {
    return tokens.lookup(ids);
  }

  /** Input embeddings (B, T, d): text embeddings, and folded windows at image positions. */
  public NDArray embed(NDManager scope, SequenceBatch batch) {
    long b = batch.batchSize();
    long t = batch.length();
    NDArray x = tokens.lookup(scope.create(batch.textIds));
    int windows = batch.imagePositions();
    if (windows > 0) {
      int m = config.grid().windowSize();
      NDArray folded = folding.fold(scope.create(batch.windowCodes, new Shape(windows, m)),
          scope.create(batch.windowPositions, new Shape(windows, m)));
      // rows [0, B*T) are text embeddings, rows B*T + j the j-th folded window
      x = Routing.rows(x.concat(folded, 0), scope.create(batch.inputGather));
    }
    return x.reshape(b, t, config.hidden());
  }

  /**
   * Runs the batch through the LLM and returns normed hidden states (B, T, d). With a cache, the
   * batch continues the cached positions and is appended to them.
   */
  public NDArray hidden(NDManager scope, SequenceBatch batch, KvCache cache) {
    int past = cache == null ? 0 : cache.length();
    if (past > 0 && batch.keyValid != null) {
      throw new IllegalArgumentException("left-padded prompts must be the first step of a cache");
    }
    AttentionContext ctx = AttentionContext.causal(scope, dtype, config.headDim(), config.ropeTheta(), past,
        batch.length(), batch.keyValid);
    return backbone(embed(scope, batch), ctx, Routing.of(scope, batch.isImage), cache);
  }

  /** Decoder layers and the final norm over embeddings x (B, T, d). */
  public NDArray backbone(NDArray x, AttentionContext ctx, Routing routing, KvCache cache) {
    for (int i = 0; i < layers.size(); i++) {
      x = layers.get(i).apply(x, ctx, routing, cache, i);
    }
    if (cache != null) {
      cache.advance(ctx.length());
    }
    return norm.apply(x);
  }

  /** Text and special-token logits for normed hidden rows (..., d) -> (..., textRows). */
  public NDArray lmLogits(NDArray hidden) {
    return head.apply(hidden);
  }

  /** The loss of a batch with the default image-loss weight 2. */
  public LossOutput loss(NDManager scope, SequenceBatch batch) {
    return loss(scope, batch, DEFAULT_IMAGE_LOSS_WEIGHT);
  }

  /** Text CE + lambda x image CE; call inside a GradientCollector to get gradients. */
  public LossOutput loss(NDManager scope, SequenceBatch batch, double imageLossWeight) {
    NDArray h = hidden(scope, batch, null);
    // (B, T, d) -> (B*T, d)
    NDArray flat = h.reshape((long) batch.batchSize() * batch.length(), config.hidden());
    NDArray text = scope.zeros(new Shape(), dtype);
    NDArray image = scope.zeros(new Shape(), dtype);
    if (batch.textTargets() > 0) {
      text = textTargetLogProbs(scope, flat, batch).mean().neg();
    }
    if (batch.headWindows() > 0 && batch.imageTargets() > 0) {
      int m = config.grid().windowSize();
      NDArray codes = scope.create(batch.headCodes, new Shape(batch.headWindows(), m));
      NDArray logits = unfolding.teacherForced(Routing.rows(flat, scope.create(batch.headRows)), codes);
      // (N, m*n, K) -> log p of each target code (N, m*n)
      NDArray picked = logits.logSoftmax(-1).gather(codes.expandDims(-1), -1).squeeze(-1);
      NDArray mask = scope.create(batch.headMask, new Shape(batch.headWindows(), m)).toType(dtype, false);
      image = Scalars.div(picked.mul(mask).sum(), -(double) batch.imageTargets());
    }
    NDArray total = text.add(Scalars.mul(image, imageLossWeight));
    return new LossOutput(total, text, image, batch.textTargets(), batch.imageTargets());
  }

  /** log p(target) of every LM target of the batch, in the batch's target order: (N). */
  public NDArray textTargetLogProbs(NDManager scope, NDArray flatHidden, SequenceBatch batch) {
    NDArray logits = lmLogits(Routing.rows(flatHidden, scope.create(batch.lmRows)));
    NDArray targets = scope.create(batch.lmTargets).expandDims(1);
    return logits.logSoftmax(-1).gather(targets, 1).squeeze(1);
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.close();
      manager = null;
    }
  }
}

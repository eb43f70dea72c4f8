package dev.synergen.tokenization.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * The codebook: nearest-neighbour lookup with a straight-through gradient and a commitment loss,
 * trained by exponential moving averages (k-means in the limit, as in VQ-VAE-2) instead of
 * gradients, with restarts of codes that fell out of use.
 *
 * <p>{@code cluster_size} and {@code embed_sum} are the EMA statistics; a fresh quantizer has
 * {@code cluster_size = 0}, so the first update restarts every code on encoder outputs
 * (data-dependent initialisation) unless {@link #setCodebook} gave centroids first.
 */
final class VectorQuantizer extends AbstractBlock {
  /** Laplace smoothing of the EMA counts, so a code with no assignments never divides by zero. */
  private static final float SMOOTHING = 1e-5f;

  private final int codebookSize;
  private final int codeDim;
  private final Parameter codebook;
  private final Parameter clusterSize;
  private final Parameter embedSum;

  VectorQuantizer(int codebookSize, int codeDim) {
    this.codebookSize = codebookSize;
    this.codeDim = codeDim;
    codebook = addParameter(state("codebook", new Shape(codebookSize, codeDim)));
    clusterSize = addParameter(state("cluster_size", new Shape(codebookSize)));
    embedSum = addParameter(state("embed_sum", new Shape(codebookSize, codeDim)));
  }

  private static Parameter state(String name, Shape shape) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.OTHER)
        .optShape(shape)
        .optRequiresGrad(false)
        .optInitializer(new ConstantInitializer(0f))
        .build();
  }

  /**
   * Quantizes latents z (B, D, h, w). Returns the straight-through quantized latents (B, D, h, w),
   * the codes (B, h, w) as int32, the commitment loss mean((z - sg(q))^2), the detached flat
   * latents (N, D) and each latent's squared distance to its code (N).
   */
  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray z = inputs.singletonOrThrow();
    Shape s = z.getShape();
    long b = s.get(0);
    long h = s.get(2);
    long w = s.get(3);
    NDArray e = ps.getValue(codebook, z.getDevice(), training);
    // (B, D, h, w) -> (B, h, w, D) -> (N, D)
    NDArray flat = z.transpose(0, 2, 3, 1).reshape(-1, codeDim);
    NDArray detached = flat.stopGradient();
    NDArray codes = nearest(detached, e);
    NDArray quantized = e.get(codes);
    NDArray errors = detached.sub(quantized).square().sum(new int[] {1});
    NDArray commitment = flat.sub(quantized.stopGradient()).square().mean();
    NDArray straightThrough = flat.add(quantized.sub(flat).stopGradient());
    // (N, D) -> (B, h, w, D) -> (B, D, h, w)
    NDArray zq = straightThrough.reshape(b, h, w, codeDim).transpose(0, 3, 1, 2);
    NDArray grid = codes.toType(DataType.INT32, false).reshape(b, h, w);
    return new NDList(zq, grid, commitment, detached, errors);
  }

  /** Index of the nearest code for every row of latents (N, D), as int64 (N). */
  private NDArray nearest(NDArray latents, NDArray e) {
    // |z - e|^2 = |z|^2 - 2 z.e + |e|^2; |z|^2 is the same for every code of a row, so it is left out
    NDArray scores = e.square().sum(new int[] {1}).reshape(1, codebookSize).sub(latents.matMul(e.transpose()).mul(2f));
    return scores.argMin(1);
  }

  /** Codes (B, h, w) to their quantized latents (B, D, h, w). */
  NDArray lookup(ParameterStore ps, NDArray codes) {
    Shape s = codes.getShape();
    NDArray e = ps.getValue(codebook, codes.getDevice(), false);
    NDArray rows = e.get(codes.toType(DataType.INT64, false).reshape(-1));
    // (B*h*w, D) -> (B, h, w, D) -> (B, D, h, w)
    return rows.reshape(s.get(0), s.get(1), s.get(2), codeDim).transpose(0, 3, 1, 2);
  }

  /**
   * One EMA step of the codebook on a batch's latents (N, D) and codes (N), then restarts every
   * code whose EMA count fell below {@code deadThreshold}: it moves onto a latent of the batch
   * drawn with probability proportional to that latent's quantization error, where the codebook
   * serves the data worst. Returns the number of restarted codes.
   */
  int update(NDArray latents, NDArray codes, float[] errors, float decay, float deadThreshold, SplittableRandom random) {
    // (N, 1) == (1, K) -> one-hot (N, K); PyTorch's DJL engine does not implement oneHot with a dtype
    NDArray ids = codes.getManager().arange(codebookSize).reshape(1, codebookSize);
    NDArray counts = codes.toType(DataType.INT32, false).reshape(-1, 1).eq(ids).toType(DataType.FLOAT32, false);
    NDArray size = clusterSize.getArray();
    NDArray sum = embedSum.getArray();
    size.muli(decay).addi(counts.sum(new int[] {0}).muli(1f - decay));
    // (N, K)^T (N, D) -> (K, D)
    sum.muli(decay).addi(counts.transpose().matMul(latents).muli(1f - decay));

    NDArray dead = size.lt(deadThreshold).toType(DataType.FLOAT32, false).reshape(codebookSize, 1);
    int restarts = (int) dead.sum().getFloat();
    if (restarts > 0) {
      NDArray candidates = latents.get(latents.getManager().create(sampleByError(errors, random)));
      NDArray alive = dead.mul(-1f).addi(1f);
      sum.intern(sum.mul(alive).addi(candidates.mul(dead).muli(deadThreshold)));
      size.intern(size.mul(alive.reshape(codebookSize)).addi(dead.reshape(codebookSize).mul(deadThreshold)));
    }
    float total = size.sum().getFloat();
    NDArray smoothed = size.add(SMOOTHING).divi(total + codebookSize * SMOOTHING).muli(total);
    codebook.getArray().intern(sum.div(smoothed.reshape(codebookSize, 1)));
    return restarts;
  }

  /** One latent index per code, drawn with probability proportional to the latent's error. */
  private long[] sampleByError(float[] errors, SplittableRandom random) {
    double[] cumulative = new double[errors.length];
    double acc = 0;
    for (int i = 0; i < errors.length; i++) {
      // the floor keeps perfectly quantized latents drawable when every error is zero
      acc += Math.max(errors[i], 0f) + 1e-12;
      cumulative[i] = acc;
    }
    long[] picks = new long[codebookSize];
    for (int k = 0; k < codebookSize; k++) {
      int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * acc);
      picks[k] = Math.min(at >= 0 ? at : -at - 1, errors.length - 1);
    }
    return picks;
  }

  /** Replaces the codebook by centroids (K * D floats), each counted {@code count} times in the EMA. */
  void setCodebook(float[] centroids, float count) {
    NDManager manager = codebook.getArray().getManager();
    NDArray values = manager.create(centroids, new Shape(codebookSize, codeDim));
    codebook.getArray().intern(values.duplicate());
    embedSum.getArray().intern(values.mul(count));
    clusterSize.getArray().intern(manager.full(new Shape(codebookSize), count));
    values.close();
  }

  int codebookSize() {
    return codebookSize;
  }

  int codeDim() {
    return codeDim;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long n = s.get(0) * s.get(2) * s.get(3);
    return new Shape[] {s, new Shape(s.get(0), s.get(2), s.get(3)), new Shape(), new Shape(n, codeDim), new Shape(n)};
  }
}

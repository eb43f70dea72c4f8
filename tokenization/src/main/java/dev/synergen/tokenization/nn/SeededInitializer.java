package dev.synergen.tokenization.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A parameter's initial values drawn on the host from a seed and the parameter's name, so the same
 * seed gives bit-identical weights on every device, thread and worker (DiLoCo workers must start
 * from the same point) whatever else uses libtorch's global generator and in whatever order
 * parameters are created. The one initializer of the VQ tokenizer and of the SynerGen model.
 */
public final class SeededInitializer implements Initializer {
  /** The distribution of the values. */
  public enum Distribution { NORMAL, UNIFORM, ZEROS, ONES }

  private final Distribution distribution;
  private final double scale;
  private final long seed;

  private SeededInitializer(Distribution distribution, double scale, long seed) {
    this.distribution = distribution;
    this.scale = scale;
    this.seed = seed;
  }

  /** N(0, std²) for {@code name} under {@code modelSeed}. */
  public static SeededInitializer normal(double std, long modelSeed, String name) {
    return new SeededInitializer(Distribution.NORMAL, std, mix(modelSeed, name));
  }

  /** U(-bound, bound) for {@code name} under {@code modelSeed} (PyTorch's default for convolutions). */
  public static SeededInitializer uniform(double bound, long modelSeed, String name) {
    return new SeededInitializer(Distribution.UNIFORM, bound, mix(modelSeed, name));
  }

  public static SeededInitializer zeros() {
    return new SeededInitializer(Distribution.ZEROS, 0, 0);
  }

  public static SeededInitializer ones() {
    return new SeededInitializer(Distribution.ONES, 0, 0);
  }

  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    switch (distribution) {
      case ZEROS:
        return manager.zeros(shape, dataType);
      case ONES:
        return manager.ones(shape, dataType);
      default:
        break;
    }
    if (dataType == DataType.FLOAT64) {
      return manager.create(doubles(shape.size()), shape);
    }
    return manager.create(floats(shape.size()), shape).toType(dataType, false);
  }

  /** The first {@code n} values as float32. */
  public float[] floats(long n) {
    double[] d = doubles(n);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private double[] doubles(long n) {
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a parameter of " + n + " values is too large for one host array");
    }
    double[] values = new double[(int) n];
    if (distribution == Distribution.ONES) {
      java.util.Arrays.fill(values, 1.0);
    }
    if (distribution != Distribution.NORMAL && distribution != Distribution.UNIFORM) {
      return values;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < values.length; i++) {
      values[i] = distribution == Distribution.NORMAL ? random.nextGaussian() * scale
          : random.nextDouble(-scale, scale);
    }
    return values;
  }

  /** A per-parameter seed: FNV-1a of the name mixed with the model seed by splitmix64's finaliser. */
  public static long mix(long modelSeed, String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    long z = modelSeed * 0x9E3779B97F4A7C15L + h;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Draws a parameter's initial values on the host from a seed and the parameter's name, so the
 * same seed gives bit-identical weights on every device and every worker (DiLoCo workers must
 * start from the same point) regardless of the order in which parameters are created.
 */
final class SeededInitializer implements Initializer {
  private final Init init;
  private final long seed;

  SeededInitializer(Init init, long modelSeed, String parameterName) {
    this.init = init;
    this.seed = mix(modelSeed, parameterName);
  }

  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    long n = shape.size();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("parameter of shape " + shape + " is too large for one host array");
    }
    switch (init.kind()) {
      case ZEROS:
        return manager.zeros(shape, dataType);
      case ONES:
        return manager.ones(shape, dataType);
      default:
        break;
    }
    SplittableRandom random = new SplittableRandom(seed);
    if (dataType == DataType.FLOAT64) {
      double[] values = new double[(int) n];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextGaussian() * init.std();
      }
      return manager.create(values, shape);
    }
    float[] values = new float[(int) n];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * init.std());
    }
    return manager.create(values, shape).toType(dataType, false);
  }

  static long mix(long modelSeed, String name) {
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

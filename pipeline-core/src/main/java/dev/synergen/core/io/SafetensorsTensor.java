package dev.synergen.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** One named tensor: element type, shape and little-endian bytes. */
public record SafetensorsTensor(String name, SafetensorsDType dtype, long[] shape, ByteBuffer data) {
  public SafetensorsTensor {
    if (name == null || name.isEmpty() || name.equals("__metadata__")) {
      throw new IllegalArgumentException("tensor name must be non-empty and not __metadata__, got '" + name + "'");
    }
    shape = shape.clone();
    long expected = byteLength(dtype, shape);
    if (data.remaining() != expected) {
      throw new IllegalArgumentException("tensor '" + name + "' " + dtype + Arrays.toString(shape)
          + " needs " + expected + " bytes, got " + data.remaining());
    }
    data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  public static SafetensorsTensor ofFloats(String name, long[] shape, float[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return new SafetensorsTensor(name, SafetensorsDType.F32, shape, buf);
  }

  public static SafetensorsTensor ofInts(String name, long[] shape, int[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asIntBuffer().put(values);
    return new SafetensorsTensor(name, SafetensorsDType.I32, shape, buf);
  }

  public float[] toFloats() {
    if (dtype != SafetensorsDType.F32) {
      throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not F32");
    }
    float[] out = new float[data.remaining() / 4];
    data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  public int[] toInts() {
    if (dtype != SafetensorsDType.I32) {
      throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not I32");
    }
    int[] out = new int[data.remaining() / 4];
    data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
    return out;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** A read-only view of the bytes, positioned at 0. */
  @Override
  public ByteBuffer data() {
    return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  static long byteLength(SafetensorsDType dtype, long[] shape) {
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      count = Math.multiplyExact(count, d);
    }
    return Math.multiplyExact(count, dtype.bytes());
  }
}

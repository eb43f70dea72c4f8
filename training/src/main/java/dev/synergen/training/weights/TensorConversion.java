package dev.synergen.training.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.synergen.core.io.SafetensorsDType;
import dev.synergen.core.io.SafetensorsTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** NDArray <-> safetensors conversions (float32 on disk; F16 and BF16 accepted on import). */
public final class TensorConversion {
  private TensorConversion() {}

  /** A float32 little-endian copy of the array under {@code name}. */
  public static SafetensorsTensor toSafetensors(String name, NDArray array) {
    NDArray f = array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
    ByteBuffer bytes = f.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    copy.put(bytes).flip();
    return new SafetensorsTensor(name, SafetensorsDType.F32, array.getShape().getShape(), copy);
  }

  /** Host float32 values of an F32, F16 or BF16 tensor; other dtypes return null. */
  public static float[] toFloats(SafetensorsTensor t) {
    ByteBuffer data = t.data().order(ByteOrder.LITTLE_ENDIAN);
    switch (t.dtype()) {
      case F32: {
        float[] out = new float[data.remaining() / 4];
        FloatBuffer fb = data.asFloatBuffer();
        fb.get(out);
        return out;
      }
      case BF16: {
        float[] out = new float[data.remaining() / 2];
        for (int i = 0; i < out.length; i++) {
          out[i] = Float.intBitsToFloat((data.getShort(i * 2) & 0xffff) << 16);
        }
        return out;
      }
      case F16: {
        float[] out = new float[data.remaining() / 2];
        for (int i = 0; i < out.length; i++) {
          out[i] = halfToFloat(data.getShort(i * 2));
        }
        return out;
      }
      default:
        return null;
    }
  }

  /** An array on the manager's device from float values. */
  public static NDArray create(NDManager manager, float[] values, long[] shape, DataType dtype) {
    NDArray a = manager.create(values, new Shape(shape));
    return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
  }

  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0) {
      return (sign != 0 ? -1 : 1) * mantissa * 0x1p-24f;
    }
    if (exponent == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}

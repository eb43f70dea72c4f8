package dev.synergen.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * One named parameter of the model. The name is its checkpoint key (for example
 * {@code layers.3.attention.wq.weight}); the group decides whether a training stage trains it.
 */
public record ModelParameter(String name, ParameterGroup group, Init init, Parameter parameter) {

  public Shape shape() {
    return parameter.getShape();
  }

  /** Elements, from the declared shape: works before initialisation, allocates nothing. */
  public long size() {
    return parameter.getShape().size();
  }

  public NDArray array() {
    return parameter.getArray();
  }

  public boolean trainable() {
    return parameter.requiresGradient();
  }

  /** A host copy of the values as float32 (for checkpoints and pseudo-gradient averaging). */
  public float[] toFloats() {
    NDArray a = array();
    return a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
  }

  /** Overwrites the values in place (the gradient attachment and optimizer references stay valid). */
  public void setFloats(float[] values) {
    if (values.length != size()) {
      throw new IllegalArgumentException("parameter " + name + " " + shape() + " holds " + size() + " values, got "
          + values.length);
    }
    NDArray a = array();
    if (a.getDataType() == DataType.FLOAT32) {
      a.set(values);
    } else {
      double[] d = new double[values.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = values[i];
      }
      a.set(d);
    }
  }
}

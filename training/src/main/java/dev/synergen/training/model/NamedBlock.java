package dev.synergen.training.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL block whose children and parameters carry stable names. DJL numbers child names
 * ({@code 01attention}); our checkpoint keys must not depend on registration order, so each
 * block also records the plain names and {@link #collect} builds keys such as
 * {@code layers.3.attention.wq.weight}. Each parameter also carries its {@link ParameterGroup}.
 *
 * <p>Blocks are driven through typed methods (they need routing, masks and caches that do not fit
 * one {@link NDList}); the generic {@code forward} is supported only where it is meaningful.
 */
public abstract class NamedBlock extends AbstractBlock {
  private final Map<String, NamedBlock> named = new LinkedHashMap<>();
  private final Map<String, Spec> specs = new LinkedHashMap<>();

  private record Spec(Parameter parameter, ParameterGroup group, Init init) {}

  protected <B extends NamedBlock> B child(String name, B block) {
    if (named.containsKey(name)) {
      throw new IllegalStateException("duplicate child '" + name + "' in " + getClass().getSimpleName());
    }
    addChildBlock(name, block);
    named.put(name, block);
    return block;
  }

  protected Parameter param(String name, ParameterGroup group, Init init, long... shape) {
    Parameter.Type type = switch (init.kind()) {
      case ONES -> Parameter.Type.GAMMA;
      case ZEROS -> Parameter.Type.BIAS;
      case NORMAL -> Parameter.Type.WEIGHT;
    };
    Parameter p = addParameter(Parameter.builder().setName(name).setType(type).optShape(new Shape(shape)).build());
    specs.put(name, new Spec(p, group, init));
    return p;
  }

  /** Appends this block's parameters, depth first in registration order, with dotted keys. */
  void collect(String prefix, List<ModelParameter> out) {
    for (Map.Entry<String, Spec> e : specs.entrySet()) {
      Spec s = e.getValue();
      out.add(new ModelParameter(prefix + e.getKey(), s.group(), s.init(), s.parameter()));
    }
    for (Map.Entry<String, NamedBlock> e : named.entrySet()) {
      e.getValue().collect(prefix + e.getKey() + ".", out);
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
      PairList<String, Object> params) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " needs routing, masks or caches; call its typed methods (see SynerGenModel)");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}

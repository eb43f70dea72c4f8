package dev.synergen.training.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter counts from declared shapes (nothing is allocated). "Active per token" follows the
 * paper's convention for its 3.6B / 2.4B figures: every parameter except one FFN expert per LLM
 * layer, since each position runs through exactly one of its layer's two experts.
 */
public record ParameterCount(long total, Map<ParameterGroup, Long> byGroup, long activePerToken) {
  public ParameterCount {
    byGroup = Collections.unmodifiableMap(new EnumMap<>(byGroup));
  }

  static ParameterCount of(List<ModelParameter> parameters) {
    long total = 0;
    long imageExperts = 0;
    Map<ParameterGroup, Long> groups = new EnumMap<>(ParameterGroup.class);
    for (ParameterGroup g : ParameterGroup.values()) {
      groups.put(g, 0L);
    }
    for (ModelParameter p : parameters) {
      total += p.size();
      groups.merge(p.group(), p.size(), Long::sum);
      if (p.name().startsWith("layers.") && p.name().contains(".ffn.image.")) {
        imageExperts += p.size();
      }
    }
    return new ParameterCount(total, groups, total - imageExperts);
  }

  public long group(ParameterGroup group) {
    return byGroup.get(group);
  }

  /** Parameters a stage training {@code groups} updates (S1: IMAGE; S2: IMAGE + ATTENTION). */
  public long trainable(java.util.Set<ParameterGroup> groups) {
    return groups.stream().mapToLong(this::group).sum();
  }

  @Override
  public String toString() {
    return String.format("total %,d (TEXT %,d, ATTENTION %,d, IMAGE %,d), active per token %,d", total,
        group(ParameterGroup.TEXT), group(ParameterGroup.ATTENTION), group(ParameterGroup.IMAGE), activePerToken);
  }
}

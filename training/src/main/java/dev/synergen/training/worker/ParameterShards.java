package dev.synergen.training.worker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainable parameters cut into N shards for the exchange: worker i owns shard i (it averages
 * that shard of every worker's pseudo-gradient and applies the outer step to it). Parameters stay
 * whole and in checkpoint-key order; each shard takes about 1/N of the values.
 */
public final class ParameterShards {
  private final List<List<String>> shards;

  private ParameterShards(List<List<String>> shards) {
    this.shards = shards;
  }

  /** Contiguous shards of {@code sizes} (name -> element count, in key order) for {@code n} workers. */
  public static ParameterShards of(Map<String, Long> sizes, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("shards need n >= 1, got " + n);
    }
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    long seen = 0;
    for (Map.Entry<String, Long> e : sizes.entrySet()) {
      // a parameter goes to the shard its middle element falls into: shards stay near total/n each
      long middle = seen + e.getValue() / 2;
      int shard = total == 0 ? 0 : (int) Math.min(n - 1, middle * n / total);
      out.get(shard).add(e.getKey());
      seen += e.getValue();
    }
    List<List<String>> frozen = new ArrayList<>();
    out.forEach(s -> frozen.add(Collections.unmodifiableList(s)));
    return new ParameterShards(Collections.unmodifiableList(frozen));
  }

  public int count() {
    return shards.size();
  }

  /** The parameter names of shard {@code i}, in key order (possibly empty for tiny models and many workers). */
  public List<String> shard(int i) {
    return shards.get(i);
  }

  /** Which shard holds each parameter. */
  public Map<String, Integer> owners() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < shards.size(); i++) {
      for (String name : shards.get(i)) {
        m.put(name, i);
      }
    }
    return m;
  }
}

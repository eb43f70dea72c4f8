package dev.synergen.core.spark;

import java.util.List;
import org.apache.spark.sql.Row;

/** Spark's {@code array<int>} and {@code array<boolean>} columns to and from the primitive arrays the models take. */
public final class RowArrays {
  private RowArrays() {}

  /** The {@code array<int>} at {@code field} as an {@code int[]}. */
  public static int[] ints(Row row, int field) {
    List<Integer> list = row.getList(field);
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** The {@code array<boolean>} at {@code field} as a {@code boolean[]}. */
  public static boolean[] booleans(Row row, int field) {
    List<Boolean> list = row.getList(field);
    boolean[] out = new boolean[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** A {@code boolean[]} as the {@code Boolean[]} that {@code RowFactory} writes to an {@code array<boolean>} column. */
  public static Boolean[] boxed(boolean[] values) {
    Boolean[] out = new Boolean[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}

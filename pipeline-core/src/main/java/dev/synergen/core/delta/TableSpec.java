package dev.synergen.core.delta;

import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A Delta table of the lakehouse: its name, schema as code, key columns and partitioning. */
public record TableSpec(String name, StructType schema, List<String> keyColumns, List<String> partitionColumns,
    String description) {
  public TableSpec {
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("table name must be lower_snake_case, got '" + name + "'");
    }
    keyColumns = List.copyOf(keyColumns);
    partitionColumns = List.copyOf(partitionColumns);
    if (keyColumns.isEmpty()) {
      throw new IllegalArgumentException("table " + name + " needs at least one key column");
    }
    for (String c : keyColumns) {
      requireColumn(schema, name, c);
    }
    for (String c : partitionColumns) {
      requireColumn(schema, name, c);
    }
  }

  private static void requireColumn(StructType schema, String table, String column) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(column)) {
        return;
      }
    }
    throw new IllegalArgumentException("table " + table + " has no column '" + column + "'");
  }
}

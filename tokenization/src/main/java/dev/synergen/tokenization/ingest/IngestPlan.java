package dev.synergen.tokenization.ingest;

import java.util.List;

/**
 * The work of one ingest run, decided on the driver from names only: a format and its units (one
 * Spark task each: a tar shard, a slice of a folder or of a COCO index, or a parquet file).
 */
public record IngestPlan(IngestFormat format, List<String> units, int sources) {
  public IngestPlan {
    units = List.copyOf(units);
  }
}

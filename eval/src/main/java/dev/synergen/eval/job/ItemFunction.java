package dev.synergen.eval.job;

import dev.synergen.training.generate.SynerGenPipeline;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/** A suite's inference over one partition of its items, with the executor's loaded checkpoint. */
@FunctionalInterface
public interface ItemFunction extends Serializable {
  List<ItemResult> apply(Iterator<Row> items, SynerGenPipeline pipeline) throws Exception;
}

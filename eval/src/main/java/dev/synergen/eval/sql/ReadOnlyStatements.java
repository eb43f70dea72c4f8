package dev.synergen.eval.sql;

import dev.synergen.eval.EvalErrors;
import java.util.Set;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses statements that change data before Spark runs them: {@code spark.sql} executes
 * commands eagerly, and Delta accepts DELETE, UPDATE and MERGE through a temp view, so a
 * notebook's typo must not reach a table. Queries and a few reading commands pass.
 */
final class ReadOnlyStatements {
  /** Commands (in Spark's sense) that only read metadata or plans. */
  private static final Set<String> READERS = Set.of("DescribeRelation", "DescribeColumn", "ShowTables", "ShowViews",
      "ShowColumns", "ShowFunctions", "DescribeFunction", "ShowTableProperties", "ExplainCommand",
      "DescribeDeltaDetailCommand");

  private ReadOnlyStatements() {}

  /** Fails with SQL_INVALID when {@code plan} (as parsed, unresolved) holds a statement that writes. */
  static void require(LogicalPlan plan, String sql) {
    String writer = firstWriter(plan);
    if (writer != null) {
      throw EvalErrors.error(EvalErrors.SQL_INVALID, "synergen sql only reads: the statement is a " + writer
          + ", which changes tables or the session; write with the pipeline's jobs. Query: " + sql.strip());
    }
  }

  private static String firstWriter(QueryPlan<?> plan) {
    String name = plan.getClass().getSimpleName();
    // InsertIntoStatement, Delta's RestoreTableStatement: parsed statements that become writes on analysis
    boolean writes = plan instanceof Command ? !READERS.contains(name) : name.endsWith("Statement");
    if (writes) {
      return name;
    }
    if (plan instanceof LogicalPlan logical) {
      for (LogicalPlan child : CollectionConverters.asJava(logical.children())) {
        String w = firstWriter(child);
        if (w != null) {
          return w;
        }
      }
    }
    for (QueryPlan<?> inner : CollectionConverters.asJava(plan.innerChildren())) {
      String w = firstWriter(inner);
      if (w != null) {
        return w;
      }
    }
    return null;
  }
}

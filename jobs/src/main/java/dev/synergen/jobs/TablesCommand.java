package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.delta.DeltaTables;
import dev.synergen.core.delta.PipelineTables;
import dev.synergen.core.delta.TableSpec;
import dev.synergen.core.spark.JobDescription;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists the lakehouse's tables with their Delta version and row count. */
@Command(name = "tables", mixinStandardHelpOptions = true,
    description = "List the pipeline's Delta tables in the lakehouse: version and row count of each.")
final class TablesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Settings settings = common.settings(Map.of());
    var lakehouse = CommonOptions.lakehouse(settings);
    var spark = CommonOptions.spark(settings, "tables");
    settings.requireAllConsumedExcept(SparkJobCommand.otherSections(java.util.Set.of()));
    try (JobContext ctx = JobContext.start(lakehouse, spark, System.out)) {
      System.out.printf(Locale.ROOT, "lakehouse %s%n", ctx.lakehouse().root());
      for (TableSpec spec : PipelineTables.ALL) {
        if (DeltaTables.exists(ctx.spark(), ctx.lakehouse(), spec)) {
          long version = DeltaTables.currentVersion(ctx.spark(), ctx.lakehouse(), spec);
          long rows;
          try (JobDescription d = JobDescription.of(ctx.spark(), "tables: count " + spec.name())) {
            rows = DeltaTables.read(ctx.spark(), ctx.lakehouse(), spec).count();
          }
          System.out.printf(Locale.ROOT, "  %-18s version %-5d %,12d rows%n", spec.name(), version, rows);
        } else {
          System.out.printf(Locale.ROOT, "  %-18s (not created yet)%n", spec.name());
        }
      }
    }
    return 0;
  }
}

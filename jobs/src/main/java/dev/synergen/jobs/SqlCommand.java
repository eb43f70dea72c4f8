package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.eval.sql.LakehouseSql;
import dev.synergen.eval.sql.SqlFormat;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Spark SQL over the lakehouse's tables, for data engineers and notebooks. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run one Spark SQL query over the lakehouse. Every pipeline table that exists is a view under its "
        + "name (raw_pairs, sequences, eval_results, ...); table@v12 reads Delta version 12 of it. Read-only: "
        + "statements that change tables are refused.",
        "Only the result goes to standard output (or --out); progress goes to standard error."})
final class SqlCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "QUERY",
      description = "The query, e.g. \"SELECT split, count(*) FROM raw_pairs@v3 GROUP BY split\".")
  String query;

  @Option(names = "--format", paramLabel = "table|json|csv", defaultValue = "table",
      description = "table (aligned, at most 1000 rows), json (JSON Lines: one object per row; binary as base64, "
          + "maps as objects) or csv (RFC 4180 with a header). Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the result to FILE instead of standard output.")
  Path out;

  @Override
  public Integer call() throws Exception {
    SqlFormat sqlFormat = SqlFormat.parse(format); // a bad format fails before Spark starts
    Settings settings = common.settings(Map.of());
    var lakehouse = CommonOptions.lakehouse(settings);
    var spark = CommonOptions.spark(settings, "sql");
    settings.requireAllConsumedExcept(SparkJobCommand.otherSections(Set.of()));
    try (JobContext ctx = JobContext.start(lakehouse, spark, System.out)) {
      LakehouseSql sql = LakehouseSql.open(ctx.spark(), ctx.lakehouse());
      if (out == null) {
        sql.write(query, sqlFormat, System.out);
        System.out.flush();
        return 0;
      }
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      long rows;
      try (OutputStream file = Files.newOutputStream(out)) {
        rows = sql.write(query, sqlFormat, file);
      }
      System.out.printf(Locale.ROOT, "wrote %,d rows (%s) to %s%n", rows, sqlFormat.name().toLowerCase(Locale.ROOT),
          out.toAbsolutePath());
      return 0;
    }
  }
}

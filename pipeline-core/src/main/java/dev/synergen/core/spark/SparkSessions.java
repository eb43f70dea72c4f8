package dev.synergen.core.spark;

import dev.synergen.core.Lakehouse;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that builds the SparkSession: embedded {@code local[*]} by default, or whatever
 * master spark-submit or {@code --master} names, always with Delta, Kryo and our registrator.
 */
public final class SparkSessions {
  public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  private SparkSessions() {}

  public static SparkSession getOrCreate(SparkSettings settings, Lakehouse lakehouse) {
    SparkConf conf = conf(settings, lakehouse);
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    session.sparkContext().setLogLevel(System.getProperty("synergen.spark.log.level", "WARN"));
    return session;
  }

  /** The effective configuration; exposed so tests and {@code --explain} can show it. */
  public static SparkConf conf(SparkSettings settings, Lakehouse lakehouse) {
    // new SparkConf() picks up spark.* system properties, which is how spark-submit passes its flags.
    SparkConf conf = new SparkConf();
    if (settings.master() != null) {
      conf.setMaster(settings.master());
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    conf.setAppName(conf.get("spark.app.name", settings.appName()));
    conf.set("spark.sql.extensions", appendTo(conf.get("spark.sql.extensions", ""), DELTA_EXTENSION));
    conf.set("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.set("spark.kryo.registrator", appendTo(conf.get("spark.kryo.registrator", ""),
        SynergenKryoRegistrator.class.getName()));
    conf.set("spark.kryo.registrationRequired", Boolean.toString(settings.kryoRegistrationRequired()));
    conf.setIfMissing("spark.sql.warehouse.dir", lakehouse.root() + "/_warehouse");
    // Our ProgressListener prints a better line; Spark's console bar would interleave with it.
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing("spark.executor.extraJavaOptions", JvmFlags.executorFlags());
    // every barrier() fence of distributed training waits at most this long (Spark's default is a year)
    conf.setIfMissing("spark.barrier.sync.timeout", "3600s");
    conf.setIfMissing("spark.databricks.delta.snapshotPartitions", conf.get("spark.master").startsWith("local") ? "2" : "50");
    if (settings.shufflePartitions() > 0) {
      conf.set("spark.sql.shuffle.partitions", Integer.toString(settings.shufflePartitions()));
    } else if (conf.get("spark.master").startsWith("local")) {
      // 200 shuffle partitions on a laptop makes tiny jobs slow and writes many tiny files.
      conf.setIfMissing("spark.sql.shuffle.partitions", Integer.toString(2 * Runtime.getRuntime().availableProcessors()));
    }
    for (Map.Entry<String, String> e : settings.extraConf().entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    return conf;
  }

  private static String appendTo(String existing, String value) {
    if (existing == null || existing.isBlank()) {
      return value;
    }
    for (String part : existing.split(",")) {
      if (part.trim().equals(value)) {
        return existing;
      }
    }
    return existing + "," + value;
  }
}

package dev.synergen.core.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.Lakehouse;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  private final Lakehouse lakehouse = new Lakehouse("/tmp/lh");

  @Test
  void embeddedDefaultIsLocalWithDeltaKryoAndOurRegistrator() {
    SparkConf conf = SparkSessions.conf(SparkSettings.embedded("demo"), lakehouse);
    assertEquals("local[*]", conf.get("spark.master"));
    assertEquals(SparkSessions.DELTA_EXTENSION, conf.get("spark.sql.extensions"));
    assertEquals(SparkSessions.DELTA_CATALOG, conf.get("spark.sql.catalog.spark_catalog"));
    assertEquals("org.apache.spark.serializer.KryoSerializer", conf.get("spark.serializer"));
    assertEquals(SynergenKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
    assertEquals("/tmp/lh/_warehouse", conf.get("spark.sql.warehouse.dir"));
    assertTrue(conf.get("spark.executor.extraJavaOptions").contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));
  }

  @Test
  void aMasterFromSparkSubmitIsKeptAndExtensionsAreAppended() {
    System.setProperty("spark.master", "spark://head:7077");
    System.setProperty("spark.sql.extensions", "com.example.Ext");
    try {
      SparkConf conf = SparkSessions.conf(SparkSettings.embedded("demo"), lakehouse);
      assertEquals("spark://head:7077", conf.get("spark.master"));
      assertEquals("com.example.Ext," + SparkSessions.DELTA_EXTENSION, conf.get("spark.sql.extensions"));
      SparkConf explicit = SparkSessions.conf(SparkSettings.embedded("demo").withMaster("local[2]"), lakehouse);
      assertEquals("local[2]", explicit.get("spark.master"), "--master wins over the environment");
    } finally {
      System.clearProperty("spark.master");
      System.clearProperty("spark.sql.extensions");
    }
  }

  @Test
  void extraConfMustBeSparkKeys() {
    assertThrows(IllegalArgumentException.class,
        () -> new SparkSettings(null, "x", 0, false, Map.of("executor.memory", "4g")));
  }

  @Test
  void lakehouseRootsAreAbsoluteOrUris() {
    assertTrue(new Lakehouse("lakehouse").root().startsWith("/"));
    assertEquals("s3a://bucket/lh", new Lakehouse("s3a://bucket/lh/").root());
    assertEquals("s3a://bucket/lh/raw_pairs", new Lakehouse("s3a://bucket/lh").table("raw_pairs"));
  }

  @Test
  void registratorReadsListedClassesInSortedOrder() {
    var names = SynergenKryoRegistrator.listedClasses();
    assertTrue(names.contains("org.apache.spark.sql.delta.actions.AddFile"), names.toString());
    assertEquals(names.stream().sorted().toList(), java.util.List.copyOf(names));
  }
}

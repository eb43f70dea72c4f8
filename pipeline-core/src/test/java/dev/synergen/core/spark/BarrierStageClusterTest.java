package dev.synergen.core.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synergen.core.testing.LocalClusterSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Function1;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

import scala.reflect.ClassTag$;

/** The distributed-training recipe on a real two-executor cluster: barrier tasks in separate JVMs that allGather. */
@Tag("e2e")
class BarrierStageClusterTest {
  @TempDir static Path scratch;
  private static SparkSession spark;

  @BeforeAll
  static void startCluster() {
    spark = LocalClusterSpark.start(2, scratch, Map.of());
  }

  @AfterAll
  static void stopCluster() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void barrierTasksRunInTwoExecutorJvmsAndSeeEachOthersMessages() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Integer> workers = jsc.parallelize(List.of(0, 1), 2);
    @SuppressWarnings("unchecked")
    Function1<Iterator<Integer>, Iterator<String>> body =
        (Function1<Iterator<Integer>, Iterator<String>> & java.io.Serializable) it -> {
          BarrierTaskContext ctx = BarrierTaskContext.get();
          String mine = ctx.partitionId() + "@" + ProcessHandle.current().pid();
          String[] all = ctx.allGather(mine);
          ctx.barrier();
          return CollectionConverters.asScala(List.of(String.join(",", all)).iterator());
        };
    List<String> results = JavaRDD.fromRDD(workers.rdd().barrier().mapPartitions(body, false, ClassTag$.MODULE$.apply(String.class)),
            ClassTag$.MODULE$.apply(String.class)).collect();
    assertEquals(2, results.size());
    assertEquals(results.get(0), results.get(1), "every worker gathered the same messages");
    TreeSet<String> pids = new TreeSet<>();
    for (String msg : results.get(0).split(",")) {
      pids.add(msg.split("@")[1]);
    }
    assertEquals(2, pids.size(), "two executor JVMs: " + results.get(0));
    assertEquals(false, pids.contains(Long.toString(ProcessHandle.current().pid())), "not the driver JVM");
  }
}

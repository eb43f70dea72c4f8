package dev.synergen.tokenization.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.pytorch.jni.JniUtils;
import dev.synergen.core.PipelineException;
import dev.synergen.core.testing.TestSpark;
import dev.synergen.tokenization.TokenizationErrors;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

/** The intra-op thread policy: spark.task.cpus in a task, every core outside one, an explicit property first. */
class IntraOpThreadsTest {
  @Test
  void aSparkTaskGetsItsTaskCpusCappedByTheCores() {
    assertEquals(1, IntraOpThreads.policy(null, 1, 8));
    assertEquals(4, IntraOpThreads.policy(null, 4, 8));
    assertEquals(2, IntraOpThreads.policy(null, 4, 2));
  }

  @Test
  void outsideATaskEveryCoreIsUsed() {
    assertEquals(8, IntraOpThreads.policy(null, 0, 8));
  }

  @Test
  void anExplicitDjlPropertyWins() {
    assertEquals(3, IntraOpThreads.policy(3, 1, 8));
    assertEquals(3, IntraOpThreads.policy(3, 0, 2));
    PipelineException e = assertThrows(PipelineException.class, () -> IntraOpThreads.policy(0, 1, 8));
    assertEquals(TokenizationErrors.ML_PARAM_INVALID.code(), e.errorClass());
    assertEquals("[ML_PARAM_INVALID] ai.djl.pytorch.num_threads must be >= 1, got 0; unset it to let spark.task.cpus decide",
        e.getMessage());
  }

  @Test
  void theCountBelongsToTheThreadThatSetsIt() throws Exception {
    // the policy is applied per task thread because libtorch keeps the count per thread
    ExecutorService a = Executors.newSingleThreadExecutor();
    ExecutorService b = Executors.newSingleThreadExecutor();
    try {
      assertEquals(1, (int) a.submit(() -> IntraOpThreads.apply(1)).get());
      assertEquals(2, (int) b.submit(() -> IntraOpThreads.apply(2)).get());
      assertEquals(1, (int) a.submit(JniUtils::getNumThreads).get(), "thread a keeps its own count");
      assertEquals(2, (int) b.submit(JniUtils::getNumThreads).get());
    } finally {
      a.shutdownNow();
      b.shutdownNow();
    }
  }

  @Test
  void tasksOfTheSharedTestSessionGetOneThreadEach() {
    // local[2] with the default spark.task.cpus = 1
    MapPartitionsFunction<Long, Integer> threads = rows -> List.of(IntraOpThreads.forCurrentThread()).iterator();
    List<Integer> counts = TestSpark.session().range(0, 4, 1, 2).as(Encoders.LONG())
        .mapPartitions(threads, Encoders.INT()).collectAsList();
    assertEquals(List.of(1, 1), counts);
  }
}

package dev.synergen.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
  @Test
  void aRuleFiresOnlyWhereEveryCoordinateMatches() {
    FaultPlan plan = FaultPlan.parse("exchange:worker=1,round=2,attempt=0; after_step:step=11", "train.faults");
    plan.at("exchange", "worker", 1, "round", 2, "attempt", 1);
    plan.at("exchange", "worker", 0, "round", 2, "attempt", 0);
    plan.at("after_step", "step", 10);
    plan.at("after_checkpoint", "step", 11);
    FaultPlan.InjectedFault f = assertThrows(FaultPlan.InjectedFault.class,
        () -> plan.at("exchange", "worker", 1, "round", 2, "attempt", 0));
    assertEquals("injected fault at exchange {worker=1, round=2, attempt=0}", f.getMessage());
    assertThrows(FaultPlan.InjectedFault.class, () -> plan.at("after_step", "step", 11L));
  }

  @Test
  void aRuleWithoutCoordinatesFiresEveryTime() {
    FaultPlan plan = FaultPlan.parse("rejects_written", "k");
    assertThrows(FaultPlan.InjectedFault.class, () -> plan.at("rejects_written"));
    assertThrows(FaultPlan.InjectedFault.class, () -> plan.at("rejects_written", "unit", 3));
  }

  @Test
  void noPlanDoesNothingAndBadPlansAreRefusedWithTheGrammar() {
    FaultPlan.parse(null, "k").at("after_step", "step", 1);
    assertTrue(FaultPlan.parse(" ", "k").isEmpty());
    PipelineException e = assertThrows(PipelineException.class, () -> FaultPlan.parse("after_step:step=x", "k"));
    assertEquals("[CONFIG_BAD_VALUE] config key 'k': fault plan 'after_step:step=x': 'step=x' needs an integer value;"
        + " write rules as point[:key=value,...][!throw|!halt|!oom|!stack_overflow|!hang] separated by ';'",
        e.getMessage());
    assertThrows(PipelineException.class, () -> FaultPlan.parse("After-Step", "k"));
    assertThrows(PipelineException.class, () -> FaultPlan.parse("a!explode", "k"));
    assertEquals("a:b=1!halt", FaultPlan.parse(" a:b=1!halt ", "k").spec());
  }

  @Test
  void poisonPillActionsRaiseTheErrorsALibraryWould() throws InterruptedException {
    FaultPlan plan = FaultPlan.parse("decode:width=7!oom; decode:width=8!stack_overflow; decode:width=9!hang", "k");
    assertEquals("injected fault at decode {width=7}",
        assertThrows(OutOfMemoryError.class, () -> plan.at("decode", "width", 7)).getMessage());
    assertThrows(StackOverflowError.class, () -> plan.at("decode", "width", 8));
    Throwable[] ended = new Throwable[1];
    Thread hung = new Thread(() -> {
      try {
        plan.at("decode", "width", 9);
      } catch (Throwable t) {
        ended[0] = t;
      }
    });
    hung.start();
    hung.join(300);
    assertTrue(hung.isAlive(), "a hang lasts until someone interrupts it");
    hung.interrupt();
    hung.join(5000);
    assertEquals("injected fault at decode {width=9} (hung until interrupted)", ended[0].getMessage());
  }
}

package dev.synergen.eval.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.PipelineException;
import dev.synergen.eval.EvalErrors;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** table@vN in a query's text: which tokens are time travel, and what they become. */
class VersionRefsTest {
  private static final List<String> TABLES = List.of("raw_pairs", "eval_results");

  @Test
  void aVersionTokenBecomesItsBacktickedViewName() {
    VersionRefs.Rewrite r = VersionRefs.rewrite(
        "SELECT a.x FROM raw_pairs@v3 a JOIN RAW_PAIRS@V12 b USING (pair_id) WHERE raw_pairs@v3.y > 0", TABLES);
    assertEquals("SELECT a.x FROM `raw_pairs@v3` a JOIN `raw_pairs@v12` b USING (pair_id) WHERE `raw_pairs@v3`.y > 0",
        r.sql());
    assertEquals(Set.of(new VersionRefs.Ref("raw_pairs", 3), new VersionRefs.Ref("raw_pairs", 12)), r.refs());
  }

  @Test
  void literalsQuotedNamesAndCommentsAreLeftAlone() {
    String sql = "SELECT 'raw_pairs@v1', \"eval_results@v2\", `raw_pairs@v3` -- raw_pairs@v4\n"
        + "/* raw_pairs@v5 /* nested */ raw_pairs@v6 */ FROM raw_pairs WHERE caption = 'it''s raw_pairs@v7'";
    VersionRefs.Rewrite r = VersionRefs.rewrite(sql, TABLES);
    assertEquals(sql, r.sql());
    assertEquals(Set.of(), r.refs());
  }

  @Test
  void onlyWholeTokensCount() {
    // an e-mail-like literal outside quotes is Spark's problem, not a version: the digits must end the token
    VersionRefs.Rewrite r = VersionRefs.rewrite("SELECT * FROM raw_pairs@v2x, raw_pairs@v, xraw_pairs", TABLES);
    assertEquals("SELECT * FROM raw_pairs@v2x, raw_pairs@v, xraw_pairs", r.sql());
  }

  @Test
  void anUnknownTableWithAVersionIsRefusedWithTheKnownNames() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> VersionRefs.rewrite("SELECT * FROM raw_pair@v2", TABLES));
    assertEquals(EvalErrors.SQL_INVALID.code(), e.errorClass());
    assertEquals("[SQL_INVALID] unknown table 'raw_pair' in raw_pair@v2; time travel (table@vN) works on the "
        + "pipeline tables [raw_pairs, eval_results]", e.getMessage());
  }

  @Test
  void aVersionTooLargeForALongIsRefused() {
    PipelineException e = assertThrows(PipelineException.class,
        () -> VersionRefs.rewrite("SELECT * FROM raw_pairs@v99999999999999999999", TABLES));
    assertTrue(e.getMessage().contains("is too large"), e.getMessage());
  }
}

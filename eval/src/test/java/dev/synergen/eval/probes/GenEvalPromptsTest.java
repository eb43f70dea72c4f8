package dev.synergen.eval.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.synergen.eval.probes.GenEvalRequirement.ObjectClause;
import dev.synergen.eval.probes.GenEvalRequirement.RelationClause;
import dev.synergen.tokenization.shapes.ShapeColor;
import dev.synergen.tokenization.shapes.ShapeKind;
import dev.synergen.tokenization.shapes.SpatialRelation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GenEvalPromptsTest {
  private static final List<String> COUNTS = List.of("zero", "one", "two", "three", "four");

  @Test
  void everyPromptSaysWhatItsRequirementAsks() {
    for (GenEvalTask task : GenEvalTask.values()) {
      for (int i = 0; i < 100; i++) {
        GenEvalPrompt p = GenEvalPrompts.prompt(task, 3, i);
        assertEquals(task, p.task());
        assertEquals(parse(task, p.text()), p.requirement(), "'" + p.text() + "'");
      }
    }
  }

  @Test
  void suitesDropRepeatedPromptsAsGenEvalDoes() {
    List<GenEvalPrompt> suite = GenEvalPrompts.suite(100, 0);
    Map<GenEvalTask, Integer> perTask = new LinkedHashMap<>();
    suite.forEach(p -> perTask.merge(p.task(), 1, Integer::sum));
    // distinct prompts that exist: 3 shapes; 3 x 2 ordered pairs; 3 shapes x counts 2..4; 6 colours x 3 shapes;
    // 3 x 2 pairs x 4 relations; colour attribution has 3 x 2 x 6 x 5 = 180 > 100
    assertEquals(Map.of(GenEvalTask.SINGLE_OBJECT, 3, GenEvalTask.TWO_OBJECTS, 6, GenEvalTask.COUNTING, 9,
        GenEvalTask.COLORS, 18, GenEvalTask.POSITION, 24, GenEvalTask.COLOR_ATTRIBUTION, 100), perTask);
    assertEquals(suite.size(), new HashSet<>(suite.stream().map(GenEvalPrompt::text).toList()).size());
  }

  @Test
  void deterministicGivenTheSeed() {
    assertEquals(GenEvalPrompts.suite(20, 8), GenEvalPrompts.suite(20, 8));
    assertNotEquals(GenEvalPrompts.suite(20, 8), GenEvalPrompts.suite(20, 9));
    assertEquals("color_attr", GenEvalTask.COLOR_ATTRIBUTION.tag());
  }

  /** An independent reading of a prompt's text back into GenEval's requirement structure. */
  private static GenEvalRequirement parse(GenEvalTask task, String text) {
    String shape = "(circle|square|triangle)";
    String colour = "(red|green|blue|yellow|purple|black)";
    Matcher m = Pattern.compile(switch (task) {
      case SINGLE_OBJECT -> "an? " + shape;
      case TWO_OBJECTS -> "an? " + shape + " and an? " + shape;
      case COUNTING -> "(two|three|four) " + shape + "s";
      case COLORS -> "an? " + colour + " " + shape;
      case POSITION -> "an? " + shape + " (to the left of|to the right of|above|below) an? " + shape;
      case COLOR_ATTRIBUTION -> "an? " + colour + " " + shape + " and an? " + colour + " " + shape;
    }).matcher(text);
    if (!m.matches()) {
      throw new AssertionError(task + " prompt '" + text + "' is not in the expected form");
    }
    return switch (task) {
      case SINGLE_OBJECT -> new GenEvalRequirement(List.of(ObjectClause.atLeastOne(shape(m, 1))));
      case TWO_OBJECTS -> new GenEvalRequirement(List.of(ObjectClause.atLeastOne(distinct(m, 1, 2)),
          ObjectClause.atLeastOne(shape(m, 2))));
      case COUNTING -> new GenEvalRequirement(List.of(ObjectClause.exactly(COUNTS.indexOf(m.group(1)), shape(m, 2))));
      case COLORS -> new GenEvalRequirement(List.of(ObjectClause.atLeastOne(ShapeColor.fromWord(m.group(1)),
          shape(m, 2))));
      case POSITION -> new GenEvalRequirement(List.of(ObjectClause.atLeastOne(distinct(m, 1, 3)),
          ObjectClause.atLeastOne(shape(m, 3))), Optional.of(new RelationClause(0,
          SpatialRelation.fromPhrase(m.group(2)), 1)));
      case COLOR_ATTRIBUTION -> {
        assertNotEquals(m.group(1), m.group(3), "colour attribution names two colours: " + text);
        yield new GenEvalRequirement(List.of(
            ObjectClause.atLeastOne(ShapeColor.fromWord(m.group(1)), distinct(m, 2, 4)),
            ObjectClause.atLeastOne(ShapeColor.fromWord(m.group(3)), shape(m, 4))));
      }
    };
  }

  private static ShapeKind shape(Matcher m, int group) {
    return ShapeKind.fromWord(m.group(group));
  }

  private static ShapeKind distinct(Matcher m, int group, int other) {
    assertNotEquals(m.group(group), m.group(other), "GenEval's two objects are different classes: " + m.group());
    return shape(m, group);
  }
}

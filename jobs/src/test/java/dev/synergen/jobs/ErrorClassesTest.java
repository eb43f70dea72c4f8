package dev.synergen.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.ErrorClass;
import dev.synergen.eval.EvalErrors;
import dev.synergen.tokenization.TokenizationErrors;
import dev.synergen.training.TrainingErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every error class of every module is declared once, in its module's one factory. */
class ErrorClassesTest {
  private static final Map<String, List<ErrorClass>> FACTORIES = Map.of(
      "CoreErrors", CoreErrors.all(),
      "TokenizationErrors", TokenizationErrors.all(),
      "TrainingErrors", TrainingErrors.all(),
      "EvalErrors", EvalErrors.all(),
      "JobErrors", JobErrors.all());

  @Test
  void noCodeIsDeclaredTwiceAcrossModules() {
    Map<String, List<String>> owners = new TreeMap<>();
    FACTORIES.forEach((factory, classes) -> classes.forEach(c ->
        owners.computeIfAbsent(c.code(), k -> new ArrayList<>()).add(factory)));
    Map<String, List<String>> twice = owners.entrySet().stream().filter(e -> e.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertEquals(Map.of(), twice);
    assertTrue(owners.size() > 50, "expected the whole catalogue, got " + owners.keySet());
  }

  @Test
  void everyClassNamesItsModuleAndMeaning() {
    FACTORIES.forEach((factory, classes) -> {
      Set<String> modules = classes.stream().map(ErrorClass::module).collect(Collectors.toSet());
      assertEquals(1, modules.size(), factory + " mixes modules " + modules);
      classes.forEach(c -> assertTrue(c.meaning().endsWith("."), c.code() + ": '" + c.meaning() + "'"));
    });
  }

  @Test
  void theFactoriesAboveAreAllTheErrorFactoriesInTheSources() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.toString().contains("/src/main/java/") && p.getFileName().toString().endsWith("Errors.java"))
          .forEach(p -> found.add(p.getFileName().toString().replace(".java", "")));
    }
    assertEquals(new TreeSet<>(FACTORIES.keySet()), found);
  }
}

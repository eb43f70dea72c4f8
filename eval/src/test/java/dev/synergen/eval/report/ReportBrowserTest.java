package dev.synergen.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The report as a reader sees it, in Debian's headless Chromium: every section and image renders,
 * the console stays clean, and data that looks like markup stays text. Leaves a screenshot at
 * {@code target/report-browser/report.png} (and the HTML beside it).
 */
class ReportBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path ARTIFACTS = Path.of("target", "report-browser");

  @TempDir Path dir;
  private ChromeDriver driver;

  @BeforeEach
  void startChromium() throws Exception {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    // CI installs them (.ci/run); a developer machine without them skips instead of failing
    if (!installed && System.getenv("CI") == null) {
      Assumptions.abort("Debian's chromium and chromium-driver are not installed (apt-get install chromium "
          + "chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")), "--window-size=1400,1000");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    // an alert must stay open so that the test can see it, not be dismissed by the driver
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void quit() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void everySectionChartAndImageRendersWithACleanConsoleAndMarkupAsText() throws Exception {
    ReportBuilder.Summary report = ReportFixture.report(dir, "report \"&<>.html", ReportRequest.all());
    driver.get(report.out().toUri().toString());

    for (String id : List.of("summary", "charts", "training", "geneval", "t2i-match", "captions", "tokenizer",
        "eval-runs")) {
      WebElement section = driver.findElement(By.id(id));
      assertTrue(section.isDisplayed(), id);
      assertTrue(section.findElements(By.className("missing")).isEmpty(), id + " says something is missing");
    }
    assertEquals(3, driver.findElements(By.cssSelector("#summary table.summary")).get(0)
        .findElements(By.cssSelector("thead th")).size() - 1, "three checkpoints side by side");

    @SuppressWarnings("unchecked")
    List<List<Object>> images = (List<List<Object>>) ((JavascriptExecutor) driver).executeScript(
        "return Array.from(document.images).map(i => [i.alt, i.complete, i.naturalWidth]);");
    assertEquals(report.charts() + report.images(), images.size());
    List<String> broken = images.stream()
        .filter(i -> !Boolean.TRUE.equals(i.get(1)) || ((Number) i.get(2)).intValue() == 0)
        .map(i -> String.valueOf(i.get(0))).toList();
    assertEquals(List.of(), broken, "images that did not render");
    assertEquals(report.charts(), driver.findElements(By.cssSelector("img.chart")).size());

    List<String> captions = driver.findElements(By.cssSelector("#captions .output")).stream().map(WebElement::getText)
        .toList();
    assertTrue(captions.contains(ReportFixture.SCRIPT), "the caption shows as text: " + captions);
    assertTrue(driver.findElements(By.tagName("script")).isEmpty(), "no script element in the DOM");
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    assertTrue(driver.findElement(By.id("summary")).getAttribute("innerHTML").contains(
        "/runs/s1 \"best\"&amp;&lt;final&gt;/ckpt-20"), "the path with \"&<> is text in the title attribute");

    List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    assertEquals("", errors.stream().map(LogEntry::toString).collect(Collectors.joining("\n")), "console");

    screenshot(report.out());
  }

  /** The whole page in one PNG: the window grows to the document's height (no CDP needed). */
  private void screenshot(Path html) throws Exception {
    Number height = (Number) ((JavascriptExecutor) driver).executeScript(
        "return document.documentElement.scrollHeight;");
    driver.manage().window().setSize(new Dimension(1400, Math.min(height.intValue() + 40, 16000)));
    Files.createDirectories(ARTIFACTS);
    Files.write(ARTIFACTS.resolve("report.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    Files.copy(html, ARTIFACTS.resolve("report.html"), StandardCopyOption.REPLACE_EXISTING);
    assertFalse(Files.size(ARTIFACTS.resolve("report.png")) < 10_000, "screenshot is too small to show the report");
  }
}

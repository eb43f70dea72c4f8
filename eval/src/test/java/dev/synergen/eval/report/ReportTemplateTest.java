package dev.synergen.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The template escapes every value, and images reach it only as checked data URIs. */
class ReportTemplateTest {
  @Test
  void templatesUseNoUnescapedTags() throws Exception {
    for (String name : List.of("report.mustache", "style.mustache", "grid.mustache")) {
      try (InputStream in = ReportTemplateTest.class.getResourceAsStream("/" + ReportTemplate.ROOT + "/" + name)) {
        assertNotNull(in, name);
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertFalse(text.contains("{{{"), name + " uses {{{ }}}");
        assertFalse(text.matches("(?s).*\\{\\{\\s*&.*"), name + " uses {{& }}");
        assertFalse(text.contains("<script"), name + " has a script");
      }
    }
  }

  @Test
  void dataUrisComeOnlyFromBytesThatAreImages() {
    byte[] png = ReportFixture.png(java.awt.Color.RED, 1);
    assertTrue(DataUris.image(png).startsWith("data:image/png;base64,iVBORw0KGgo"));
    assertNull(DataUris.image(Arrays.copyOf(png, 40)), "a truncated PNG is not shown as a broken image");
    assertNull(DataUris.image("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8)));
    assertNull(DataUris.imageFromBase64("not base64 !"));
    assertEquals(DataUris.image(png), DataUris.imageFromBase64(java.util.Base64.getEncoder().encodeToString(png)));
  }

  @Test
  void numbersReadWell() {
    assertEquals(List.of("0.700", "27.00", "123.5", "1,235", "1.235e+06", "1.000e-04", "0.000", "NaN"),
        List.of(0.7, 27.0, 123.45, 1234.6, 1234567.0, 1e-4, 0.0, Double.NaN).stream().map(Formats::number).toList());
  }
}

package dev.synergen.eval.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;

/**
 * Renders {@link ReportView.Page} with {@code report.mustache} (and its {@code style} partial)
 * from the classpath. Mustache escapes every {@code {{value}}} for HTML (quotes, {@code =} and
 * backtick included, so attributes are safe too); the template uses no unescaped tag.
 */
final class ReportTemplate {
  static final String ROOT = "dev/synergen/eval/report";
  static final String NAME = "report.mustache";
  private static final Mustache TEMPLATE = new DefaultMustacheFactory(ROOT).compile(NAME);

  private ReportTemplate() {}

  static String render(ReportView.Page page) {
    StringWriter out = new StringWriter(1 << 16);
    TEMPLATE.execute(out, page);
    return out.toString();
  }
}

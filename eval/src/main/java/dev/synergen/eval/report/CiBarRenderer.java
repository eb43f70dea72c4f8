package dev.synergen.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.HashMap;
import java.util.Map;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.category.CategoryDataset;

/**
 * Bars with asymmetric confidence-interval whiskers and a dashed chance line per category.
 * JFreeChart's StatisticalBarRenderer draws only mean +- one standard deviation, but Wilson and
 * bootstrap intervals are not symmetric around the value.
 */
final class CiBarRenderer extends BarRenderer {
  private static final BasicStroke WHISKER = new BasicStroke(1.4f);
  private static final BasicStroke CHANCE = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
      new float[] {4f, 3f}, 0f);

  /** Keyed by (series, category). */
  private final Map<String, double[]> intervals = new HashMap<>();
  /** Keyed by category. */
  private final Map<String, Double> chance = new HashMap<>();

  void interval(String series, String category, double low, double high) {
    intervals.put(series + "\u0000" + category, new double[] {low, high});
  }

  void chance(String category, double level) {
    chance.put(category, level);
  }

  @Override
  public Range findRangeBounds(CategoryDataset dataset) {
    Range bars = super.findRangeBounds(dataset);
    double lo = bars == null ? 0 : bars.getLowerBound();
    double hi = bars == null ? 1 : bars.getUpperBound();
    for (double[] ci : intervals.values()) {
      lo = Math.min(lo, ci[0]);
      hi = Math.max(hi, ci[1]);
    }
    for (double c : chance.values()) {
      lo = Math.min(lo, c);
      hi = Math.max(hi, c);
    }
    return new Range(lo, hi);
  }

  @Override
  public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
      CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
    super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
    String series = dataset.getRowKey(row).toString();
    String category = dataset.getColumnKey(column).toString();
    RectangleEdge edge = plot.getRangeAxisEdge();
    double[] ci = intervals.get(series + "\u0000" + category);
    if (ci != null && dataset.getValue(row, column) != null) {
      double x = calculateBarW0(plot, plot.getOrientation(), dataArea, domainAxis, state, row, column)
          + state.getBarWidth() / 2;
      double y0 = rangeAxis.valueToJava2D(ci[0], dataArea, edge);
      double y1 = rangeAxis.valueToJava2D(ci[1], dataArea, edge);
      double cap = Math.min(6, state.getBarWidth() / 3);
      g2.setPaint(Color.DARK_GRAY);
      g2.setStroke(WHISKER);
      g2.draw(new Line2D.Double(x, y0, x, y1));
      g2.draw(new Line2D.Double(x - cap, y0, x + cap, y0));
      g2.draw(new Line2D.Double(x - cap, y1, x + cap, y1));
    }
    Double level = chance.get(category);
    // once per category, after its last bar, so that the line is drawn over the bars
    if (level != null && row == dataset.getRowCount() - 1) {
      RectangleEdge domainEdge = plot.getDomainAxisEdge();
      int columns = dataset.getColumnCount();
      double start = domainAxis.getCategoryStart(column, columns, dataArea, domainEdge);
      double end = domainAxis.getCategoryEnd(column, columns, dataArea, domainEdge);
      double y = rangeAxis.valueToJava2D(level, dataArea, edge);
      g2.setPaint(new Color(0xB0, 0x30, 0x30));
      g2.setStroke(CHANCE);
      g2.draw(new Line2D.Double(start, y, end, y));
    }
  }
}

package dev.synergen.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts, drawn with JFreeChart and returned as PNG data URIs. */
final class Charts {
  static final int WIDTH = 400;
  static final int HEIGHT = 260;
  /** Curves longer than this are thinned to every k-th point: a 400 px wide chart cannot show more. */
  static final int MAX_POINTS = 1500;

  /** Distinct colours, in order, for checkpoints and workers (Tableau 10). */
  private static final Paint[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F),
      new Color(0xE15759), new Color(0x76B7B2), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
      new Color(0x9C755F), new Color(0xBAB0AC)};

  /** One bar: a metric (category) of a checkpoint (series), with an optional interval and chance level. */
  record Bar(String series, String category, double value, Double low, Double high, Double chance) {}

  static {
    // charts are drawn off screen; CI machines have no display
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** Lines of (x, y) points, one per series in map order; {@code fromZero} for quantities that start at 0. */
  static ReportView.Chart lines(String title, String xLabel, String yLabel, Map<String, List<double[]>> series,
      boolean fromZero) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), false, true);
      List<double[]> points = e.getValue();
      int stride = Math.max(1, (points.size() + MAX_POINTS - 1) / MAX_POINTS);
      for (int i = 0; i < points.size(); i += stride) {
        s.add(points.get(i)[0], points.get(i)[1]);
      }
      if ((points.size() - 1) % stride != 0) {
        double[] last = points.get(points.size() - 1);
        s.add(last[0], last[1]);
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
        series.size() > 1, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, points(series) <= 40);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(1.6f));
    }
    plot.setRenderer(renderer);
    NumberAxis range = (NumberAxis) plot.getRangeAxis();
    range.setAutoRangeIncludesZero(fromZero);
    // a constant curve (a fixed lr) would otherwise get an axis a few ulps wide, labelled 1.00001E-4 ...
    double largest = series.values().stream().flatMap(List::stream).mapToDouble(p -> Math.abs(p[1])).max().orElse(1);
    range.setAutoRangeMinimumSize(largest > 0 ? largest * 0.1 : 1e-9);
    style(chart);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    return png(chart, title, yLabel + " against " + xLabel + " for " + String.join(", ", series.keySet()));
  }

  /** Grouped bars: categories on the x axis, one bar per series, whiskers for intervals, dashed chance lines. */
  static ReportView.Chart bars(String title, String yLabel, List<Bar> bars, List<String> seriesOrder) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    CiBarRenderer renderer = new CiBarRenderer();
    // declare every series first, in column order, so colours match the summary table's columns
    List<String> categories = bars.stream().map(Bar::category).distinct().toList();
    for (String series : seriesOrder) {
      for (String category : categories) {
        data.addValue(null, series, category);
      }
    }
    for (Bar b : bars) {
      data.addValue(b.value(), b.series(), b.category());
      if (b.low() != null && b.high() != null) {
        renderer.interval(b.series(), b.category(), b.low(), b.high());
      }
      if (b.chance() != null) {
        renderer.chance(b.category(), b.chance());
      }
    }
    JFreeChart chart = ChartFactory.createBarChart(title, null, yLabel, data, PlotOrientation.VERTICAL,
        seriesOrder.size() > 1, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.08);
    for (int i = 0; i < seriesOrder.size(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    plot.setRenderer(renderer);
    if (categories.size() > 4) {
      plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    style(chart);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    return png(chart, title, "bars of " + String.join(", ", categories) + " for " + String.join(", ", seriesOrder)
        + ", with 95% confidence intervals as whiskers and chance levels as dashed lines");
  }

  private static int points(Map<String, List<double[]>> series) {
    return series.values().stream().mapToInt(List::size).max().orElse(0);
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    if (chart.getLegend() != null) {
      chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    }
  }

  private static ReportView.Chart png(JFreeChart chart, String title, String alt) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException("drawing chart " + title, e);
    }
    return new ReportView.Chart(title, DataUris.png(out.toByteArray()), alt, WIDTH, HEIGHT);
  }
}

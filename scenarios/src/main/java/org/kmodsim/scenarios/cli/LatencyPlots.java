package org.kmodsim.scenarios.cli;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of the printk latency study (XChart): caller latency (p99, p99.9 and max, one colour
 * per delivery mode) against the baud rate and against the CPU count. {@code --plot study.png}
 * writes {@code study.png} (baud rate) and {@code study-cpus.png} (CPU count); .svg works the same.
 *
 * <p>The x axis has one category per value measured (9600, 38400, 115200; 1, 2, 4 CPUs), so its
 * labels are exactly the values run. The latency axis is logarithmic, which has no 0: a zero is not
 * drawn at some floor that looks like a small latency, it is left out and the series' legend entry
 * says where it was zero.
 */
final class LatencyPlots {
  /** The figures drawn: the row's key, its name in the legend, the line. */
  private record Figure(String key, String name, java.awt.BasicStroke line) {}

  private static final List<Figure> FIGURES =
      List.of(
          new Figure("p99Ns", "p99", SeriesLines.SOLID),
          new Figure("p999Ns", "p99.9", SeriesLines.DOT_DOT),
          new Figure("maxNs", "max", SeriesLines.DASH_DASH));

  private static final List<Color> COLOURS =
      List.of(
          new Color(0x1f77b4),
          new Color(0xd62728),
          new Color(0x2ca02c),
          new Color(0x9467bd),
          new Color(0xff7f0e),
          new Color(0x8c564b));

  private LatencyPlots() {}

  /** Writes both charts; returns the files written. */
  static List<Path> write(List<Map<String, Object>> results, int level, Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (!extension.equals("png") && !extension.equals("svg")) {
      throw new IllegalArgumentException("--plot needs a .png or .svg file, not " + file);
    }
    Path cpusFile = file.resolveSibling(name.substring(0, dot) + "-cpus." + extension);
    List<CategoryChart> charts = charts(results, level);
    save(charts.get(0), file, extension);
    save(charts.get(1), cpusFile, extension);
    return List.of(file, cpusFile);
  }

  /**
   * The two charts: against the baud rate (at the largest CPU count and console loglevel run) and
   * against the CPU count (at the slowest baud rate and the largest loglevel).
   */
  static List<CategoryChart> charts(List<Map<String, Object>> results, int level) {
    int cpus = max(results, "cpus");
    int loglevel = max(results, "loglevel");
    int baud = min(results, "baud");
    CategoryChart byBaud =
        chart(
            String.format(
                "printk caller latency against baud rate: %d CPU%s, console_loglevel %d,"
                    + " records at level %d",
                cpus, cpus == 1 ? "" : "s", loglevel, level),
            "serial console baud rate (8N1)",
            "baud rate",
            results,
            "baud",
            r -> num(r, "cpus") == cpus && num(r, "loglevel") == loglevel);
    CategoryChart byCpus =
        chart(
            String.format(
                "printk caller latency against CPU count: %d baud, console_loglevel %d,"
                    + " records at level %d",
                baud, loglevel, level),
            "CPUs calling printk",
            "CPU count",
            results,
            "cpus",
            r -> num(r, "baud") == baud && num(r, "loglevel") == loglevel);
    return List.of(byBaud, byCpus);
  }

  private static CategoryChart chart(
      String title,
      String xTitle,
      String xWords,
      List<Map<String, Object>> results,
      String x,
      Predicate<Map<String, Object>> selected) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1000)
            .height(700)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle("caller latency (ms, log scale)")
            .build();
    CategoryStyler styler = chart.getStyler();
    styler.setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    styler.setOverlapped(true);
    styler.setYAxisLogarithmic(true);
    styler.setYAxisDecimalPattern("#,##0.###");
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    TreeSet<Integer> xs = new TreeSet<>();
    Map<String, Map<Integer, Map<String, Object>>> byDelivery = new TreeMap<>();
    for (Map<String, Object> row : results) {
      if (selected.test(row)) {
        xs.add(num(row, x));
        byDelivery
            .computeIfAbsent((String) row.get("delivery"), d -> new TreeMap<>())
            .put(num(row, x), row);
      }
    }
    List<String> categories = xs.stream().map(String::valueOf).toList();
    int colour = 0;
    for (Map.Entry<String, Map<Integer, Map<String, Object>>> delivery : byDelivery.entrySet()) {
      Color c = COLOURS.get(colour++ % COLOURS.size());
      if (allZero(delivery.getValue().values())) {
        // Nothing to draw on a log axis: one legend entry that says so.
        CategorySeries s =
            chart.addSeries(
                delivery.getKey() + ": 0 ms (p99, p99.9 and max) at every " + xWords,
                categories,
                nulls(categories.size()));
        style(s, c, SeriesLines.NONE);
        continue;
      }
      for (Figure figure : FIGURES) {
        List<Double> ys = new ArrayList<>();
        List<String> zeros = new ArrayList<>();
        for (int value : xs) {
          Map<String, Object> row = delivery.getValue().get(value);
          long nanos = row == null ? -1 : ((Number) row.get(figure.key())).longValue();
          ys.add(nanos > 0 ? nanos / 1e6 : null);
          if (nanos == 0) {
            zeros.add(String.valueOf(value));
          }
        }
        String legend = delivery.getKey() + " " + figure.name();
        if (!zeros.isEmpty()) {
          legend += " (0 ms at " + String.join(", ", zeros) + ": not drawn on a log axis)";
        }
        style(chart.addSeries(legend, categories, ys), c, figure.line());
      }
    }
    return chart;
  }

  private static void style(CategorySeries s, Color colour, java.awt.BasicStroke line) {
    s.setLineColor(colour);
    s.setMarkerColor(colour);
    s.setLineStyle(line);
    s.setMarker(line == SeriesLines.DASH_DASH ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
  }

  private static boolean allZero(java.util.Collection<Map<String, Object>> rows) {
    return rows.stream()
        .allMatch(r -> FIGURES.stream().allMatch(f -> ((Number) r.get(f.key())).longValue() == 0));
  }

  private static List<Double> nulls(int n) {
    return Arrays.asList(new Double[n]);
  }

  private static void save(CategoryChart chart, Path file, String extension) {
    try {
      if (extension.equals("png")) {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
      } else {
        VectorGraphicsEncoder.saveVectorGraphic(
            chart, file.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static int num(Map<String, Object> row, String key) {
    return ((Number) row.get(key)).intValue();
  }

  private static int max(List<Map<String, Object>> rows, String key) {
    return new TreeSet<>(rows.stream().map(r -> num(r, key)).toList()).last();
  }

  private static int min(List<Map<String, Object>> rows, String key) {
    return new TreeSet<>(rows.stream().map(r -> num(r, key)).toList()).first();
  }
}

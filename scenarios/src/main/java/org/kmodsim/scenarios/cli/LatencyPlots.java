package org.kmodsim.scenarios.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of the printk latency study (XChart): p99 caller latency against the baud rate, one
 * series per delivery mode, and against the CPU count. {@code --plot study.png} writes {@code
 * study.png} (baud rate) and {@code study-cpus.png} (CPU count); .svg works the same.
 */
final class LatencyPlots {
  private LatencyPlots() {}

  /** Writes both charts; returns the files written. */
  static List<Path> write(List<Map<String, Object>> results, Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (!extension.equals("png") && !extension.equals("svg")) {
      throw new IllegalArgumentException("--plot needs a .png or .svg file, not " + file);
    }
    Path cpusFile = file.resolveSibling(name.substring(0, dot) + "-cpus." + extension);
    int cpus = max(results, "cpus");
    int loglevel = max(results, "loglevel");
    int baud = min(results, "baud");
    XYChart byBaud =
        chart(
            "printk caller latency (p99) against baud rate, " + cpus + " CPU(s)",
            "baud rate (8N1)",
            results,
            "baud",
            r -> num(r, "cpus") == cpus && num(r, "loglevel") == loglevel);
    byBaud.getStyler().setXAxisLogarithmic(true);
    XYChart byCpus =
        chart(
            "printk caller latency (p99) against CPU count, " + baud + " baud",
            "CPUs calling printk",
            results,
            "cpus",
            r -> num(r, "baud") == baud && num(r, "loglevel") == loglevel);
    save(byBaud, file, extension);
    save(byCpus, cpusFile, extension);
    return List.of(file, cpusFile);
  }

  private static XYChart chart(
      String title,
      String xTitle,
      List<Map<String, Object>> results,
      String x,
      Predicate<Map<String, Object>> selected) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle("p99 caller latency (ms)")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    Map<String, List<Map<String, Object>>> byDelivery = new TreeMap<>();
    for (Map<String, Object> row : results) {
      if (selected.test(row)) {
        byDelivery.computeIfAbsent((String) row.get("delivery"), d -> new ArrayList<>()).add(row);
      }
    }
    byDelivery.forEach(
        (delivery, rows) -> {
          rows.sort(Comparator.comparingInt(r -> num(r, x)));
          List<Double> xs = new ArrayList<>();
          List<Double> ys = new ArrayList<>();
          for (Map<String, Object> row : rows) {
            xs.add((double) num(row, x));
            // A log axis cannot show 0: a caller that never waits is drawn at 1 µs.
            ys.add(Math.max(0.001, ((Number) row.get("p99Ns")).longValue() / 1e6));
          }
          chart.addSeries(delivery, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        });
    return chart;
  }

  private static void save(XYChart chart, Path file, String extension) {
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

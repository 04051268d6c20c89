package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

class LatencyPlotsTest {
  private static final long MS = 1_000_000L;

  /** A study's rows: lock-owner's p99 hides a 60 s maximum; threaded callers never wait. */
  private static List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int baud : new int[] {9600, 38400, 115200}) {
      for (int cpus : new int[] {1, 2, 4}) {
        long line = 960_000L * MS / baud; // 100 ms at 9600 baud
        rows.add(row(baud, cpus, "lock-owner", cpus == 1 ? 0 : line, 60_726 * MS / baud * 9600));
        rows.add(row(baud, cpus, "threaded", 0, 0));
      }
    }
    return rows;
  }

  private static Map<String, Object> row(int baud, int cpus, String delivery, long p99, long max) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("baud", baud);
    row.put("cpus", cpus);
    row.put("loglevel", 8);
    row.put("delivery", delivery);
    row.put("p50Ns", 0L);
    row.put("p99Ns", p99);
    row.put("p999Ns", max);
    row.put("maxNs", max);
    return row;
  }

  @Test
  void theBaudAxisHasTheRatesMeasuredAndTheCpuAxisWholeNumbers() {
    List<CategoryChart> charts = LatencyPlots.charts(rows(), 6);
    assertThat(charts.get(0).getSeriesMap().values())
        .allSatisfy(
            s ->
                assertThat(new ArrayList<Object>(s.getXData()))
                    .containsExactly("9600", "38400", "115200"));
    assertThat(charts.get(1).getSeriesMap().values())
        .allSatisfy(
            s -> assertThat(new ArrayList<Object>(s.getXData())).containsExactly("1", "2", "4"));
    // The latency axis is logarithmic, its labels plain numbers (10,000, not 1E4).
    assertThat(charts.get(0).getStyler().isYAxisLogarithmic()).isTrue();
    assertThat(new DecimalFormat(charts.get(0).getStyler().getYAxisDecimalPattern()).format(1e4))
        .isEqualTo("10,000");
  }

  @Test
  void theTitleNamesTheConsoleLoglevelAndTheTailIsDrawn() {
    CategoryChart byBaud = LatencyPlots.charts(rows(), 6).get(0);
    assertThat(byBaud.getTitle())
        .isEqualTo(
            "printk caller latency against baud rate: 4 CPUs, console_loglevel 8, records at"
                + " level 6");
    assertThat(byBaud.getSeriesMap().keySet())
        .contains("lock-owner p99", "lock-owner p99.9", "lock-owner max");
    CategorySeries max = byBaud.getSeriesMap().get("lock-owner max");
    assertThat(new ArrayList<Object>(max.getYData())).first().isEqualTo(60_726.0);
  }

  @Test
  void aZeroIsNotDrawnAtTheLogFloorButSaidInTheLegend() {
    CategoryChart byCpus = LatencyPlots.charts(rows(), 6).get(1);
    // One CPU never waits under lock-owner: no point at some floor, the legend says it.
    CategorySeries p99 =
        byCpus.getSeriesMap().get("lock-owner p99 (0 ms at 1: not drawn on a log axis)");
    assertThat(new ArrayList<Object>(p99.getYData())).containsExactly(null, 100.0, 100.0);
    CategorySeries threaded =
        byCpus.getSeriesMap().get("threaded: 0 ms (p99, p99.9 and max) at every CPU count");
    assertThat(new ArrayList<Object>(threaded.getYData())).containsOnlyNulls();
    assertThat(byCpus.getSeriesMap().values())
        .allSatisfy(
            s -> assertThat(s.getYData()).noneMatch(y -> y != null && y.doubleValue() <= 0.001));
  }

  @Test
  void writesBothFiles(@TempDir Path dir) throws Exception {
    List<Path> files = LatencyPlots.write(rows(), 6, dir.resolve("study.svg"));
    assertThat(files).containsExactly(dir.resolve("study.svg"), dir.resolve("study-cpus.svg"));
    assertThat(Files.readString(files.get(1))).startsWith("<?xml").contains("<svg");
  }
}

package org.kmodsim.scenarios.stress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.kmodsim.cpu.Cpu;

/** The latency histograms of all finished programs, merged per label. */
public final class Latencies {
  private Latencies() {}

  /** All programs' samples for {@code label}, in one histogram. */
  public static Histogram merged(List<Cpu.ProgramFinished> programs, String label) {
    Histogram all = new Histogram(3);
    for (Cpu.ProgramFinished program : programs) {
      Histogram histogram = program.latencies().get(label);
      if (histogram != null) {
        all.add(histogram);
      }
    }
    return all;
  }

  /** p50, p99, p99.9, max and mean in nanoseconds, for JSON. */
  public static Map<String, Object> percentiles(Histogram histogram) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("count", histogram.getTotalCount());
    json.put("p50", histogram.getValueAtPercentile(50));
    json.put("p99", histogram.getValueAtPercentile(99));
    json.put("p999", histogram.getValueAtPercentile(99.9));
    json.put("max", histogram.getMaxValue());
    json.put("mean", Math.round(histogram.getMean()));
    return json;
  }

  /** One line: {@code p50 120ns p99 340ns max 2.1us}. */
  public static String line(Histogram histogram) {
    return String.format(
        "p50 %s  p99 %s  p99.9 %s  max %s  (%d samples)",
        nanos(histogram.getValueAtPercentile(50)),
        nanos(histogram.getValueAtPercentile(99)),
        nanos(histogram.getValueAtPercentile(99.9)),
        nanos(histogram.getMaxValue()),
        histogram.getTotalCount());
  }

  static String nanos(long value) {
    if (value < 10_000) {
      return value + "ns";
    }
    if (value < 10_000_000) {
      return String.format("%.1fus", value / 1e3);
    }
    return String.format("%.1fms", value / 1e6);
  }
}

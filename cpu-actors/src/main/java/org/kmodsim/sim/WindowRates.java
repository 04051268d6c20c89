package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rates of a measurement cut into several windows, and what a reference is taken from: the
 * median (one window caught in another process's burst, or before the JIT had compiled the path,
 * moves it by one rank, not by its size, where the best or the mean of a few windows follows the
 * outlier), and the spread, so that a user sees how noisy the reference was. Pure.
 *
 * @param rates events per second of each window, in the order measured
 */
public record WindowRates(List<Double> rates) {
  public WindowRates {
    rates = List.copyOf(rates);
  }

  /** The rates of windows that counted {@code counts[i]} events in {@code nanos[i]}. */
  public static WindowRates of(long[] counts, long[] nanos) {
    if (counts.length != nanos.length) {
      throw new IllegalArgumentException("one length per count");
    }
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      rates.add(nanos[i] <= 0 ? 0 : counts[i] * 1e9 / nanos[i]);
    }
    return new WindowRates(rates);
  }

  /** The windows of both, this one's first: a ceiling measured before and after a run. */
  public WindowRates and(WindowRates other) {
    List<Double> both = new ArrayList<>(rates);
    both.addAll(other.rates);
    return new WindowRates(both);
  }

  /** The middle rate; the mean of the two middle ones for an even count; 0 without windows. */
  public double median() {
    if (rates.isEmpty()) {
      return 0;
    }
    double[] sorted = sorted();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  public double min() {
    return rates.isEmpty() ? 0 : sorted()[0];
  }

  public double max() {
    return rates.isEmpty() ? 0 : sorted()[rates.size() - 1];
  }

  /** (max - min) / median: 0 for windows that agree; 0 when the median is 0. */
  public double spread() {
    double median = median();
    return median == 0 ? 0 : (max() - min()) / median;
  }

  private double[] sorted() {
    double[] sorted = rates.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted;
  }
}

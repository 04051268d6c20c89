package org.kmodsim.scenarios.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.Violation;

/**
 * What a finished run shows to the outcome rules, by key:
 *
 * <ul>
 *   <li>{@code end}: quiescent, halted, step_limit, time_limit or failed; {@code halt}: the reason
 *   <li>{@code violations}: how many; {@code violations.KIND}: how many of one kind
 *   <li>{@code exit.PROGRAM}: a program's exit status; {@code finished}, {@code unfinished}
 *   <li>{@code boot.N}: exit status of boot command N (from 1); {@code boot.failed}: non-zero ones
 *   <li>{@code finale.N}: exit status of finale command N; {@code finale.N.out}: what it printed (a
 *       number when it is one, else the text); {@code finale.failed}
 *   <li>{@code value.NAME}: a value recorded by {@code observe NAME}
 *   <li>{@code mem.CELL}: a shared memory cell at the end ({@code read_once}/{@code write_once})
 *   <li>{@code covered.PROBE}: hits of a coverage probe (0 when never hit)
 *   <li>{@code latency.PROGRAM.LABEL}: the longest time (ns) a {@code measure = LABEL} block took
 *       in a program; {@code latency.LABEL}: the longest over all programs
 *   <li>{@code steps}, {@code time}: deliveries and virtual nanoseconds of the run
 * </ul>
 */
public record Observation(
    EndReason end,
    String haltReason,
    List<Violation> violations,
    SortedMap<String, Long> coverage,
    Map<String, Integer> programExits,
    int unfinished,
    List<Integer> bootExits,
    List<Integer> finaleExits,
    List<String> finaleOutputs,
    SortedMap<String, Long> values,
    SortedMap<String, Long> memory,
    SortedMap<String, Long> latencies,
    long steps,
    long virtualTimeNanos) {

  public Observation {
    violations = List.copyOf(violations);
    coverage = copy(coverage);
    programExits = Collections.unmodifiableMap(new LinkedHashMap<>(programExits));
    bootExits = List.copyOf(bootExits);
    finaleExits = List.copyOf(finaleExits);
    finaleOutputs = List.copyOf(finaleOutputs);
    values = copy(values);
    memory = copy(memory);
    latencies = copy(latencies);
  }

  /** An unmodifiable copy; most runs have no values, latencies or probes, which share one. */
  private static SortedMap<String, Long> copy(SortedMap<String, Long> map) {
    return map.isEmpty()
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  /** {@code end}'s values, by {@link EndReason#ordinal}. */
  private static final String[] END_NAMES =
      java.util.Arrays.stream(EndReason.values())
          .map(e -> e.name().toLowerCase(Locale.ROOT))
          .toArray(String[]::new);

  /** The same observation with {@code all} as its violations (the monitors' added). */
  public Observation withViolations(List<Violation> all) {
    return new Observation(
        end,
        haltReason,
        all,
        coverage,
        programExits,
        unfinished,
        bootExits,
        finaleExits,
        finaleOutputs,
        values,
        memory,
        latencies,
        steps,
        virtualTimeNanos);
  }

  /** The value of {@code key}: a Long, a String, or null when the run did not produce it. */
  public Object value(String key) {
    switch (key) {
      case "end" -> {
        return END_NAMES[end.ordinal()];
      }
      case "halt" -> {
        return haltReason;
      }
      case "violations" -> {
        return (long) violations.size();
      }
      case "finished" -> {
        return (long) programExits.size();
      }
      case "unfinished" -> {
        return (long) unfinished;
      }
      case "steps" -> {
        return steps;
      }
      case "time" -> {
        return virtualTimeNanos;
      }
      case "boot.failed" -> {
        return bootExits.stream().filter(s -> s != 0).count();
      }
      case "finale.failed" -> {
        return finaleExits.stream().filter(s -> s != 0).count();
      }
      default -> {}
    }
    int dot = key.indexOf('.');
    if (dot < 0) {
      return null;
    }
    String group = key.substring(0, dot);
    String name = key.substring(dot + 1);
    return switch (group) {
      case "violations" -> violations.stream().filter(v -> v.kind().equals(name)).count();
      case "exit" -> {
        Integer status = programExits.get(name);
        yield status == null ? null : (Object) (long) status;
      }
      case "boot" -> bootExit(name);
      case "finale" -> finale(name);
      case "value" -> values.get(name);
      case "mem" -> memory.get(name);
      case "covered" -> coverage.getOrDefault(name, 0L);
      case "latency" -> latency(name);
      default -> null;
    };
  }

  private Object bootExit(String name) {
    try {
      int index = Integer.parseInt(name) - 1;
      return index >= 0 && index < bootExits.size() ? (Object) (long) bootExits.get(index) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Object latency(String name) {
    if (latencies.containsKey(name)) {
      return latencies.get(name);
    }
    return latencies.entrySet().stream()
        .filter(e -> e.getKey().endsWith("." + name))
        .map(Map.Entry::getValue)
        .max(Long::compare)
        .orElse(null);
  }

  private Object finale(String name) {
    boolean out = name.endsWith(".out");
    try {
      int index = Integer.parseInt(out ? name.substring(0, name.length() - 4) : name) - 1;
      if (index < 0 || index >= finaleExits.size()) {
        return null;
      }
      if (!out) {
        return (long) finaleExits.get(index);
      }
      String text = finaleOutputs.get(index).strip();
      return text.matches("-?\\d+") ? (Object) Long.parseLong(text) : text;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The groups and plain keys an outcome condition may name. */
  static boolean knownKey(String key) {
    if (List.of(
            "end",
            "halt",
            "violations",
            "finished",
            "unfinished",
            "steps",
            "time",
            "boot.failed",
            "finale.failed")
        .contains(key)) {
      return true;
    }
    int dot = key.indexOf('.');
    if (key.startsWith("boot.")) {
      return key.matches("boot\\.[1-9][0-9]{0,5}");
    }
    if (key.startsWith("finale.")) {
      return key.matches("finale\\.[1-9][0-9]{0,5}(\\.out)?");
    }
    return dot > 0
        && List.of("violations", "exit", "value", "mem", "covered", "latency")
            .contains(key.substring(0, dot));
  }

  /** Violation counts by kind, in kind order. */
  public SortedMap<String, Long> violationsByKind() {
    SortedMap<String, Long> byKind = new TreeMap<>();
    for (Violation v : violations) {
      byKind.merge(v.kind(), 1L, Long::sum);
    }
    return byKind;
  }
}

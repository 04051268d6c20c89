package org.kmodsim.scenarios.scenario;

import org.kmodsim.sim.EventType;

/**
 * The scenario kernel's trace vocabulary: an observed value, a write to a shared memory cell, and
 * the fault injector's stop and restart of a CPU.
 */
public final class ScenarioTrace {
  /** {@code observe NAME}: the value a CPU saw. */
  public static final EventType OBSERVE =
      EventType.of("observe", "observe {name} = {value}", "cpu", "name", "value");

  /** A shared memory cell read (the CPU is the one whose request this answers). */
  public static final EventType READ =
      EventType.of("memory_read", "READ_ONCE({cell}) = {value}", "cell", "value");

  /** A shared memory cell written. */
  public static final EventType COUNTER =
      EventType.of("counter", "WRITE_ONCE({cell}, {value})", "cell", "value");

  /** The fault injector stops or restarts a CPU ({@code what}: the stop IPI sent, restarted). */
  public static final EventType FAULT = EventType.of("fault", "cpu{cpu} {what}", "cpu", "what");

  private ScenarioTrace() {}
}

package org.kmodsim.scenarios.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.kmodsim.sim.ModelEvent;
import org.kmodsim.sim.TraceEvent;

/**
 * A run's trace events placed on CPUs, what every rendering starts from: a model event belongs to
 * the CPU its {@code cpu} field names, else to the CPU whose message was being delivered when it
 * was recorded (a module's {@code try_module_get} answers a CPU's request), else to the kernel
 * (-1). Deliveries are internal (shown only with {@code --verbose}), and so is everything a CPU
 * does while it runs one of the runner's own programs ({@code __boot_done}).
 */
public final class RunEvents {
  private static final Pattern CPU = Pattern.compile("cpu(\\d+)");

  /**
   * One event, with the CPU it happened on (-1: a kernel actor's own) and whether it is internal.
   */
  public record Placed(TraceEvent event, int cpu, boolean internal) {
    public boolean model() {
      return event.isModelEvent();
    }

    public ModelEvent data() {
      return event.event();
    }
  }

  private RunEvents() {}

  public static List<Placed> of(List<TraceEvent> events, int cpus) {
    Map<Long, TraceEvent> deliveryAt = new HashMap<>();
    Set<Integer> hidden = new HashSet<>();
    List<Placed> placed = new ArrayList<>(events.size());
    for (TraceEvent e : events) {
      if (!e.isModelEvent()) {
        deliveryAt.put(e.step(), e);
        int cpu = cpuOf(e.source(), cpus);
        placed.add(new Placed(e, cpu >= 0 ? cpu : cpuOf(e.target(), cpus), true));
        continue;
      }
      ModelEvent data = e.event();
      int cpu = data.get("cpu") instanceof Long n && n >= 0 && n < cpus ? n.intValue() : -1;
      if (cpu < 0) {
        cpu = cpuOf(e.source(), cpus);
      }
      TraceEvent cause = deliveryAt.get(deliveryOf(e));
      if (cpu < 0 && cause != null) {
        cpu = cpuOf(cause.source(), cpus);
      }
      boolean internalTask = data.string("task").startsWith("__");
      if (internalTask && e.kind().equals("exec")) {
        hidden.add(cpu);
      }
      boolean internal = internalTask || (cpu >= 0 && hidden.contains(cpu));
      if (internalTask && e.kind().equals("exit")) {
        hidden.remove(cpu);
      }
      placed.add(new Placed(e, cpu, internal));
    }
    return placed;
  }

  /**
   * The step of the delivery during which a model event was recorded (the engine counts a delivery
   * before it hands it over), or -1 for one recorded before the first.
   */
  public static long deliveryOf(TraceEvent modelEvent) {
    return modelEvent.step() - 1;
  }

  /** The CPU of a stable name ({@code cpu2}, {@code cpu2/...}), or -1. */
  public static int cpuOf(String name, int cpus) {
    int slash = name.indexOf('/');
    String head = slash < 0 ? name : name.substring(0, slash);
    if (!CPU.matcher(head).matches()) {
      return -1;
    }
    int cpu = Integer.parseInt(head.substring(3));
    return cpu < cpus ? cpu : -1;
  }

  static boolean isCpu(String name) {
    return CPU.matcher(name).matches();
  }
}

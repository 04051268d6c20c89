package org.kmodsim.kernel.kprobes;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kmodsim.sim.Invariant;
import org.kmodsim.sim.Sim;

/**
 * Safety invariant: no armed probe in a going module (kernel/kprobes.c kprobes_module_callback:
 * MODULE_STATE_GOING kills every probe in the module's text before free_module, and
 * check_kprobe_address_safe refuses a new probe in a module that is going). Read from the {@link
 * ArmedProbes} the manager publishes, after the loader's state changes and after the kprobe events:
 *
 * <ol>
 *   <li>when a module's memory is freed ({@code free_module}), no armed probe is in its text: a
 *       breakpoint left there would be written into freed memory (or into the next module loaded
 *       there);
 *   <li>while a module is GOING, no probe in its text becomes armed that was not armed when it went
 *       GOING (those the GOING notifier is about to kill).
 * </ol>
 *
 * Reported once per module name as {@code armed-probe-in-going-module}; a new instance of the name
 * (UNFORMED, COMING, LIVE) starts afresh.
 */
final class NoArmedProbeInGoingModule implements Invariant {
  private static final Set<String> EVENTS =
      Set.of("module_state", "free_module", "kprobe", "violation:armed-probe-in-going-module");

  private final ArmedProbes probes;

  /** The going modules, each with the probe addresses armed in it when it went GOING. */
  private final Map<String, Set<Long>> going = new TreeMap<>();

  private final Set<String> reported = new HashSet<>();

  NoArmedProbeInGoingModule(ArmedProbes probes) {
    this.probes = probes;
  }

  /** Registers the invariant for this run. */
  static void register(Sim sim, ArmedProbes probes) {
    sim.monitor(new NoArmedProbeInGoingModule(probes));
  }

  @Override
  public String kind() {
    return "armed-probe-in-going-module";
  }

  @Override
  public Set<String> events() {
    return EVENTS;
  }

  @Override
  public synchronized String check(org.kmodsim.sim.ModelEvent event) {
    String kind = event.kind();
    if (kind.startsWith("violation:")) {
      for (String word : event.text().split("[^A-Za-z0-9_-]+")) {
        reported.add(word);
      }
      return null;
    }
    if (kind.equals("kprobe")) {
      return newlyArmedInGoing();
    }
    // module_state (the state it changed to, and how) or free_module.
    String module = event.string("module");
    if (kind.equals("free_module")) {
      going.remove(module);
      for (ArmedProbes.Armed probe : probes.inModule(module)) {
        if (reported.add(module)) {
          return probe.probe() + " is armed at " + hex(probe) + " in " + module + ", freed";
        }
      }
      return null;
    }
    if (event.string("to").equals("GOING")) {
      Set<Long> armed = new HashSet<>();
      probes.inModule(module).forEach(p -> armed.add(p.address()));
      going.putIfAbsent(module, armed);
    } else if (kind.equals("module_state")) {
      going.remove(module);
      reported.remove(module);
    }
    return null;
  }

  private String newlyArmedInGoing() {
    for (Map.Entry<String, Set<Long>> entry : going.entrySet()) {
      String module = entry.getKey();
      for (ArmedProbes.Armed probe : probes.inModule(module)) {
        if (!entry.getValue().contains(probe.address()) && reported.add(module)) {
          return probe.probe() + " was armed at " + hex(probe) + " in " + module + ", going";
        }
      }
    }
    return null;
  }

  private static String hex(ArmedProbes.Armed probe) {
    return Long.toHexString(probe.address());
  }
}

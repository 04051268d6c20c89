package org.kmodsim.kernel.module;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.kmodsim.sim.Invariant;
import org.kmodsim.sim.ModelEvent;
import org.kmodsim.sim.Seeds;
import org.kmodsim.sim.StateDigest;

/**
 * An invariant on modules that reports a broken rule once per module name, unless the model's own
 * check reported that module already (a {@code violation:KIND} event, whose text names it). What it
 * keeps is only the modules reported, so two checks that found nothing commute ({@link
 * Invariant#changesOnlyWhenReporting}), and its digest is theirs.
 */
abstract class OncePerModule implements Invariant, StateDigest {
  // Read and written by the CPUs' threads at once in concurrent mode: no lock on the hot path.
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /** It keeps only the modules it has reported. */
  @Override
  public final boolean changesOnlyWhenReporting() {
    return true;
  }

  /** What it keeps: the modules it has reported (a rule is reported once per module). */
  @Override
  public final long stateDigest() {
    long sum = 0;
    for (String module : reported) {
      sum += Seeds.hash(module);
    }
    return sum;
  }

  @Override
  public final String check(ModelEvent event) {
    if (event.kind().startsWith("violation:")) {
      // Reported already (by the model's own check, or by this one): once is enough.
      for (String word : event.text().split("[^A-Za-z0-9_-]+")) {
        reported.add(word);
      }
      return null;
    }
    return checkRule(event);
  }

  /** The rule after one of its events other than a violation: the detail when broken, else null. */
  abstract String checkRule(ModelEvent event);

  /** Whether {@code module} has been reported. */
  final boolean reported(String module) {
    return reported.contains(module);
  }

  /** Records {@code module} as reported: false when it was already (then it is not reported). */
  final boolean report(String module) {
    return reported.add(module);
  }
}

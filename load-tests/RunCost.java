import org.kmodsim.scenarios.scenario.*;
import org.kmodsim.sim.*;
import java.lang.management.*;
import java.util.*;
import java.util.concurrent.*;
/** CPU time per run of the engine's worker threads (and the whole process), and runs/s, after a warm-up:
 * `java -XX:+UseSerialGC -cp JAR load-tests/RunCost.java SCENARIO WARM RUNS`, 16 runs in flight (docs/performance.md). */
public class RunCost {
  public static void main(String[] a) throws Exception {
    Scenario s = ScenarioLoader.loadCatalogue(a[0]);
    ScenarioRunner r = ScenarioRunner.prepare(s, ScenarioRunner.Options.defaults());
    int warm = Integer.parseInt(a[1]), runs = Integer.parseInt(a[2]);
    go(r, 1, warm);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long c0 = simCpu(mx); long p0 = os.getProcessCpuTime(); long w0 = System.nanoTime();
    go(r, warm + 1, runs);
    long c1 = simCpu(mx); long p1 = os.getProcessCpuTime(); long w1 = System.nanoTime();
    System.out.printf("%s simCpuNsPerRun %d processCpuNsPerRun %d wallRunsPerSec %.0f%n", a[0], (c1 - c0) / runs, (p1 - p0) / runs, runs * 1e9 / (w1 - w0));
    System.exit(0);
  }
  static void go(ScenarioRunner r, long first, int n) throws Exception {
    ArrayDeque<CompletableFuture<ScenarioRun>> inFlight = new ArrayDeque<>();
    for (long seed = first; seed < first + n; seed++) {
      if (inFlight.size() >= 16) inFlight.poll().join();
      inFlight.add(r.start(r.runSpec(seed, StrategySpec.random()), 0));
    }
    while (!inFlight.isEmpty()) inFlight.poll().join();
  }
  static long simCpu(ThreadMXBean mx) {
    long sum = 0;
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains("-sim-")) sum += mx.getThreadCpuTime(t.getThreadId());
    }
    return sum;
  }
}

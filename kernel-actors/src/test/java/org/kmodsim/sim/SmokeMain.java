package org.kmodsim.sim;

import java.util.concurrent.atomic.AtomicLong;

final class SmokeMain {
  public static void main(String[] args) {
    SimEngine engine = SimEngine.shared();
    for (int i = 0; i < 3; i++) {
      AtomicLong served = new AtomicLong();
      RunResult r = engine.run(RunSpec.deterministic(42, "machine", sim -> ContentionModel.root(sim, 4, 3, served)).withTrace(1000));
      System.out.println(r.end() + " steps=" + r.steps() + " t=" + r.virtualTimeNanos() + " digest=" + r.traceDigest() + " served=" + served + " foreign=" + r.foreignSubmissions());
      if (i == 0) r.trace().stream().limit(12).forEach(System.out::println);
    }
    long t0 = System.nanoTime(); long steps = 0;
    for (int i = 0; i < 2000; i++) {
      AtomicLong served = new AtomicLong();
      steps += engine.run(RunSpec.deterministic(i, "machine", sim -> ContentionModel.root(sim, 2, 5, served))).steps();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.println("tiny runs/s=" + 2000 / s + " steps/run=" + steps / 2000);
    AtomicLong served = new AtomicLong();
    t0 = System.nanoTime();
    RunResult big = engine.run(RunSpec.deterministic(1, "machine", sim -> ContentionModel.root(sim, 4, 500_000, served)).withChoiceLog(false));
    s = (System.nanoTime() - t0) / 1e9;
    System.out.println("long: steps=" + big.steps() + " deliveries/s=" + big.steps() / s + " " + big.end());
    RunResult conc = engine.run(RunSpec.concurrent(1, "machine", sim -> ContentionModel.root(sim, 4, 100_000, served)));
    System.out.println("concurrent: " + conc.end() + " steps=" + conc.steps() + " wall ms=" + conc.wallNanos() / 1e6 + " served=" + served);
    System.exit(0);
  }
}

package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

/** optprobes and the global switches, without an actor. */
class OptimizerTest {
  static Kprobe probe(KprobeTable table, String name, List<org.kmodsim.cpu.Step> post) {
    Kprobe probe = KprobeTableTest.probe(name, 0xffffffff81101605L);
    probe.spec =
        new ProbeSpec(
            probe.key,
            false,
            "vfs_read",
            5,
            null,
            List.of(),
            post,
            List.of(),
            List.of(),
            List.of(),
            false,
            0,
            0);
    table.insert(probe);
    return probe;
  }

  @Test
  void aProbeWithoutPostHandlerIsOptimizedUnlessDisarmedOrDisallowed() {
    KprobeTable table = new KprobeTable(KprobeEra.of(Era.V4_X));
    Optimizer optimizer = new Optimizer(KprobeEra.of(Era.V4_X), table);
    Kprobe kp = probe(table, "kp", List.of());
    optimizer.optimizeAll();
    assertThat(kp.optimized).isTrue();
    assertThat(optimizer.setAllDisarmed(true)).isEqualTo(Optimizer.Switched.SWITCHED);
    assertThat(kp.optimized).isFalse();
    assertThat(optimizer.setAllDisarmed(true)).isEqualTo(Optimizer.Switched.UNCHANGED);
    assertThat(optimizer.setAllDisarmed(false))
        .isEqualTo(Optimizer.Switched.SWITCHED_OPTIMIZE_LATER);
    assertThat(optimizer.setOptimizationAllowed(false)).isEqualTo(Optimizer.Switched.SWITCHED);
    optimizer.optimizeAll();
    assertThat(kp.optimized).isFalse();
  }

  @Test
  void aPostHandlerAtTheAddressKeepsEveryProbeThereUnoptimized() {
    KprobeTable table = new KprobeTable(KprobeEra.of(Era.V6_X));
    Optimizer optimizer = new Optimizer(KprobeEra.of(Era.V6_X), table);
    Kprobe plain = probe(table, "kp", List.of());
    probe(table, "kq", List.of(new org.kmodsim.cpu.ExitStatus(0)));
    optimizer.optimizeAll();
    assertThat(plain.optimized).isFalse();
    assertThat(new Optimizer(KprobeEra.of(Era.V2_6), table).unoptimizeAt(plain.address))
        .isFalse(); // 2.6.32 predates optprobes: no optimizer to schedule
  }
}

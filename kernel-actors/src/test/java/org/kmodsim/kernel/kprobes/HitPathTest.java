package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.kallsyms.SymbolTable;

/** The RCU side of the probe table, without an actor: hits, recursion, pools, grace periods. */
class HitPathTest {
  final KprobeEra era = KprobeEra.of(Era.V6_X);
  final ProbeRegistry probes = new ProbeRegistry(era);
  final HitPath hits = new HitPath(era, probes, 100);
  final KernelSymbol vfsRead = SymbolTable.withBuiltins(Era.V6_X).find("vfs_read");

  Kprobe armed(String name, boolean kretprobe, int maxactive) {
    Kprobe probe = probes.struct(new ProbeKey("", name));
    ProbeSpec spec =
        new ProbeSpec(
            probe.key,
            kretprobe,
            "vfs_read",
            0,
            null,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            false,
            maxactive,
            0);
    probe.arm(
        spec,
        name.hashCode(),
        new Registrar.Place(vfsRead, vfsRead.address() + 4, true),
        maxactive);
    probes.table().insert(probe);
    return probe;
  }

  KprobeManager.Trap trap(int cpu, boolean reentering) {
    return new KprobeManager.Trap(
        cpu, vfsRead.address(), vfsRead.address() + vfsRead.size(), reentering, null);
  }

  @Test
  void aHitEntersTheSectionAndAGracePeriodWaitsForItsQuiescentState() {
    armed("kp", false, 0);
    assertThat(hits.trap(trap(1, false), false)).isInstanceOf(TrapReply.Hit.class);
    assertThat(hits.inside(1)).isTrue();
    List<String> done = new ArrayList<>();
    assertThat(hits.startGracePeriod(() -> done.add("bottom half"))).isFalse();
    hits.quiescent(new KprobeManager.Quiescent(1, List.of())).forEach(Runnable::run);
    assertThat(done).containsExactly("bottom half");
    assertThat(hits.startGracePeriod(() -> {})).isTrue(); // nobody inside
  }

  @Test
  void nothingArmedOrAllDisarmedIsNotProbedAndARecursionRunsNoHandlerOrSection() {
    assertThat(hits.trap(trap(0, false), false)).isEqualTo(TrapReply.NotProbed.INSTANCE);
    armed("kp", false, 0);
    assertThat(hits.trap(trap(0, false), true)).isEqualTo(TrapReply.NotProbed.INSTANCE);
    assertThat(hits.trap(trap(0, true), false)).isInstanceOf(TrapReply.Reentered.class);
    assertThat(hits.inside(0)).isFalse();
  }

  @Test
  void theKretprobePoolGivesMaxactiveInstancesAndTakesThemBack() {
    Kprobe rp = armed("rp", true, 1);
    TrapReply.Hit first = (TrapReply.Hit) hits.trap(trap(0, false), false);
    TrapReply.Hit second = (TrapReply.Hit) hits.trap(trap(1, false), false);
    assertThat(first.instances()).containsExactly(true);
    assertThat(second.instances()).containsExactly(false);
    hits.quiescent(
        new KprobeManager.Quiescent(0, List.of(new KprobeManager.Instance(rp.key, rp.id))));
    assertThat(rp.instancesInUse).isZero();
  }

  @Test
  void aStaleStoreOfNmissedIsReportedAndOverwritesTheNewerValue() {
    Kprobe kp = armed("kp", false, 0);
    long seen = hits.readCounter(kp.key, KprobeManager.Counter.NMISSED);
    assertThat(hits.writeCounter(kp.key, KprobeManager.Counter.NMISSED, seen + 1)).isTrue();
    assertThat(hits.writeCounter(kp.key, KprobeManager.Counter.NMISSED, seen + 1)).isFalse();
    assertThat(kp.nmissed).isEqualTo(1);
  }

  @Test
  void aProbeWhoseOwnerIsFreedIsAUseAfterFreeAtItsStruct() {
    probes.moduleComing("mymod", 0xffffffffc0a00000L, 0x2000);
    Kprobe kp = probes.struct(new ProbeKey("mymod", "kp"));
    kp.arm(
        ProbeSpec.kprobe(kp.key, "vfs_read", 0, List.of()),
        7,
        new Registrar.Place(vfsRead, vfsRead.address() + 4, true),
        0);
    probes.table().insert(kp);
    probes.moduleGoing("mymod");
    TrapReply reply = hits.trap(trap(0, false), false);
    assertThat(reply).isInstanceOf(TrapReply.Freed.class);
    assertThat(((TrapReply.Freed) reply).address())
        .isEqualTo(0xffffffffc0a02000L - ProbeRegistry.STRUCT_FROM_END);
  }
}

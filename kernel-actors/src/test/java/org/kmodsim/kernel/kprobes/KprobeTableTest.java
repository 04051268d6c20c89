package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class KprobeTableTest {
  static Kprobe probe(String name, long address) {
    Kprobe probe = new Kprobe(new ProbeKey("", name));
    probe.spec = ProbeSpec.kprobe(probe.key, "f", 0, List.of());
    probe.address = address;
    return probe;
  }

  @Test
  void theAggregatorRunsTheNewestChildFirst() {
    KprobeTable table = new KprobeTable(KprobeEra.of(Era.V6_X));
    Kprobe a = probe("a", 0xffffffff81002604L);
    Kprobe b = probe("b", 0xffffffff81002604L);
    Kprobe c = probe("c", 0xffffffff81002604L);
    table.insert(a);
    table.insert(b);
    table.insert(c);
    assertThat(table.at(a.address)).containsExactly(c, b, a);
    table.remove(b);
    assertThat(table.at(a.address)).containsExactly(c, a);
    assertThat(table.inListOrder()).containsExactly(c, a);
  }

  @Test
  void armedWhileOneChildIsEnabledAndNotGloballyDisarmed() {
    KprobeTable table = new KprobeTable(KprobeEra.of(Era.V6_X));
    Kprobe a = probe("a", 0xffffffff81002604L);
    Kprobe b = probe("b", 0xffffffff81002604L);
    table.insert(a);
    table.insert(b);
    a.disabled = true;
    assertThat(table.armedAt(a.address, false)).isTrue();
    b.gone = true;
    assertThat(table.armedAt(a.address, false)).isFalse();
    a.disabled = false;
    assertThat(table.armedAt(a.address, true)).isFalse();
    assertThat(table.firstArmed(a.address - 4, a.address + 0x100, false)).isEqualTo(a.address);
    assertThat(table.firstArmed(a.address + 1, a.address + 0x100, false)).isZero();
  }

  @Test
  void theListWalksBucketsInOrderAndChainsNewestFirst() {
    KprobeEra era = KprobeEra.of(Era.V4_X);
    KprobeTable table = new KprobeTable(era);
    Kprobe low = null;
    Kprobe high = null;
    long base = 0xffffffff81002000L;
    for (long a = base; low == null || high == null; a += 0x10) {
      if (era.bucketOf(a) < 10 && low == null) {
        low = probe("low", a);
      } else if (era.bucketOf(a) > 50 && high == null) {
        high = probe("high", a);
      }
    }
    table.insert(high);
    table.insert(low);
    assertThat(table.inListOrder()).containsExactly(low, high);
  }
}

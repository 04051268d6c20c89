package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class BlacklistTest {
  @Test
  void suffixedCopiesOfABlacklistedFunctionAreBlacklisted() {
    Blacklist blacklist = Blacklist.of(Era.V4_X);
    assertThat(blacklist.contains("do_int3")).isTrue();
    assertThat(blacklist.contains("do_int3.cold")).isTrue();
    assertThat(blacklist.contains("notifier_call_chain.isra.0")).isTrue();
    assertThat(blacklist.contains("vfs_read")).isFalse();
  }

  @Test
  void exceptionEntriesAreRenamedIn6xAndPreemptScheduleIsOnlyIn2_6() {
    assertThat(Blacklist.of(Era.V6_X).contains("exc_int3")).isTrue();
    assertThat(Blacklist.of(Era.V6_X).contains("do_int3")).isFalse();
    assertThat(Blacklist.of(Era.V2_6).contains("preempt_schedule")).isTrue();
    assertThat(Blacklist.of(Era.V4_X).contains("preempt_schedule")).isFalse();
  }

  @Test
  void kretprobesRefuseSwitchTo() {
    assertThat(Blacklist.of(Era.V6_X).refusesKretprobe("__switch_to")).isTrue();
    assertThat(Blacklist.of(Era.V6_X).contains("__switch_to")).isFalse();
  }
}

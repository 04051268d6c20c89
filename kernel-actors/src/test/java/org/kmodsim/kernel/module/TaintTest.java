package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class TaintTest {

  /**
   * kernel/panic.c print_tainted: one character per flag of the era's table. 2.4.37 {@code
   * "Tainted: %c%c%c"} (P/G, F, S); 2.6.32 tnts[] P F S R M B U D A W C (I came in 2.6.35); 4.19
   * TAINT_FLAGS_COUNT 18 (up to T); 6.12 19 (up to N).
   */
  @Test
  void theTaintedFieldHasTheErasNumberOfFlags() {
    EnumSet<Taint> proprietary = EnumSet.of(Taint.PROPRIETARY_MODULE);
    assertThat(Taint.taintedLine(proprietary, Era.V2_4)).isEqualTo("Tainted: P  ");
    assertThat(Taint.taintedLine(proprietary, Era.V2_6)).isEqualTo("Tainted: P" + " ".repeat(10));
    assertThat(Taint.taintedLine(proprietary, Era.V4_X)).isEqualTo("Tainted: P" + " ".repeat(17));
    assertThat(Taint.taintedLine(proprietary, Era.V6_X)).isEqualTo("Tainted: P" + " ".repeat(18));
    assertThat(Taint.taintedLine(EnumSet.of(Taint.WARN, Taint.DIE), Era.V2_6))
        .isEqualTo("Tainted: G      D W ");
    for (Era era : Era.values()) {
      assertThat(Taint.taintedLine(Taint.none(), era)).isEqualTo("Not tainted");
    }
  }

  /**
   * kernel/panic.c add_taint(flag, lockdep_ok) and its callers (4.x, 6.x): set_license and
   * try_to_force_load pass LOCKDEP_NOW_UNRELIABLE, module_augment_kernel_taints passes
   * LOCKDEP_STILL_OK for O, C and E, __warn LOCKDEP_STILL_OK, try_force_unload and oops_end
   * LOCKDEP_NOW_UNRELIABLE. 2.6.32 add_taint(flag) exempted TAINT_CRAP and TAINT_WARN.
   */
  @Test
  void lockDebuggingIsDisabledByTheTaintsThatMakeLockdepUnreliable() {
    assertThat(Taint.PROPRIETARY_MODULE.lockdepUnreliable(Era.V6_X)).isTrue();
    assertThat(Taint.FORCED_MODULE.lockdepUnreliable(Era.V6_X)).isTrue();
    assertThat(Taint.FORCED_RMMOD.lockdepUnreliable(Era.V4_X)).isTrue();
    assertThat(Taint.DIE.lockdepUnreliable(Era.V6_X)).isTrue();
    assertThat(Taint.OOT_MODULE.lockdepUnreliable(Era.V6_X)).isFalse();
    assertThat(Taint.UNSIGNED_MODULE.lockdepUnreliable(Era.V6_X)).isFalse();
    assertThat(Taint.CRAP.lockdepUnreliable(Era.V4_X)).isFalse();
    assertThat(Taint.WARN.lockdepUnreliable(Era.V6_X)).isFalse();
    assertThat(Taint.USER.lockdepUnreliable(Era.V2_6)).isTrue();
    assertThat(Taint.CRAP.lockdepUnreliable(Era.V2_6)).isFalse();
    assertThat(Taint.WARN.lockdepUnreliable(Era.V2_6)).isFalse();
    assertThat(Taint.PROPRIETARY_MODULE.lockdepUnreliable(Era.V2_4)).isFalse();
  }
}

package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

/**
 * The count of each era against a sequential reference (the number of references users hold): it
 * never goes negative, and a module leaves LIVE only when nobody holds it unless forced.
 */
class RefcountModelTest {

  enum Op {
    GET,
    PUT,
    STOP,
    FORCE_STOP
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    return Arbitraries.of(Op.class).list().ofMaxSize(40);
  }

  @Property(seed = "42")
  void countMatchesTheReferenceAndLiveIsLeftOnlyWhenUnused(
      @ForAll("operations") List<Op> ops, @ForAll("eras") Era era) {
    RefcountModel count = RefcountModel.of(ModuleSettings.defaults(era));
    count.dropInitRef();
    long held = 0;
    long perCpu = 0;
    ModuleState state = ModuleState.LIVE;
    for (Op op : ops) {
      switch (op) {
        case GET -> {
          boolean got = count.tryGet(state, 0);
          assertThat(got).isEqualTo(state != ModuleState.GOING);
          if (got) {
            held++;
            perCpu++;
          }
        }
        case PUT -> {
          if (held > 0) {
            assertThat(count.put(0)).isTrue();
            held--;
            perCpu--;
          }
        }
        default -> {
          if (state == ModuleState.LIVE) {
            boolean force = op == Op.FORCE_STOP;
            boolean stopped = count.tryStop(force, perCpu);
            assertThat(stopped).isEqualTo(held == 0 || (force && era != Era.V2_4));
            if (stopped) {
              state = ModuleState.GOING;
            }
          }
        }
      }
      if (era != Era.V2_6) {
        assertThat(count.refcount())
            .isGreaterThanOrEqualTo(
                state == ModuleState.GOING && held == 0 && era != Era.V2_4 ? -1 : 0);
        if (state == ModuleState.LIVE) {
          assertThat(count.refcount()).isEqualTo(held);
        }
      }
    }
  }

  @Provide
  Arbitrary<Era> eras() {
    return Arbitraries.of(Era.class);
  }

  @Test
  void atomicCountShowsMinusOneWhileUnloadingAndRefusesGets() {
    RefcountModel count = RefcountModel.of(ModuleSettings.defaults(Era.V6_X));
    assertThat(count.refcount()).isEqualTo(1); // the init reference
    count.dropInitRef();
    assertThat(count.refcount()).isZero();
    assertThat(count.tryStop(false, 0)).isTrue();
    assertThat(count.refcount()).isEqualTo(-1);
    assertThat(count.tryGet(ModuleState.LIVE, 0)).isFalse(); // inc_not_zero
    assertThat(count.put(0)).isFalse(); // dec_if_positive: WARN
  }

  @Test
  void forcedStopOfAModuleInUseSaysSo() {
    RefcountModel count = RefcountModel.of(ModuleSettings.defaults(Era.V4_X));
    count.dropInitRef();
    count.tryGet(ModuleState.LIVE, 1);
    assertThat(count.tryStop(false, 0)).isFalse();
    assertThat(count.tryStop(true, 0)).isTrue();
    assertThat(count.forcedLastStop).isTrue();
  }

  @Test
  void era24AutocleanClearsVisitedFirstAndReapsOnTheSecondCall() {
    RefcountModel count = RefcountModel.of(ModuleSettings.defaults(Era.V2_4));
    count.dropInitRef();
    assertThat(count.tryAutoclean(false)).as("never used: not MOD_USED_ONCE").isFalse();
    count.get(0); // __MOD_INC_USE_COUNT: MOD_VISITED | MOD_USED_ONCE
    assertThat(count.flags24()).isEqualTo(ModuleQuery.MOD_VISITED | ModuleQuery.MOD_USED_ONCE);
    assertThat(count.tryAutoclean(false)).as("in use").isFalse();
    assertThat(count.flags24()).as("VISITED kept while in use").isEqualTo(24);
    count.put(0);
    assertThat(count.tryAutoclean(false)).as("first call: visited").isFalse();
    assertThat(count.flags24()).isEqualTo(ModuleQuery.MOD_USED_ONCE);
    assertThat(count.tryAutoclean(false)).as("second call").isTrue();
  }

  @Test
  void era24JustFreedOverridesVisited() {
    RefcountModel count = RefcountModel.of(ModuleSettings.defaults(Era.V2_4));
    count.dropInitRef();
    count.get(0);
    count.put(0);
    assertThat(count.tryAutoclean(true)).isTrue();
  }

  @Test
  void autocleanExistsOnlyIn24() {
    for (Era era : new Era[] {Era.V2_6, Era.V4_X, Era.V6_X}) {
      RefcountModel count = RefcountModel.of(ModuleSettings.defaults(era));
      count.dropInitRef();
      count.get(0);
      count.put(0);
      assertThat(count.tryAutoclean(true)).as("%s", era).isFalse();
    }
  }
}

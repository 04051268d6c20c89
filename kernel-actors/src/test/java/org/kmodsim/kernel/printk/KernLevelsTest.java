package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class KernLevelsTest {

  @Test
  void macrosAreTheEightLevelsThenDefaultAndContFrom26() {
    List<String> eight =
        List.of(
            "KERN_EMERG",
            "KERN_ALERT",
            "KERN_CRIT",
            "KERN_ERR",
            "KERN_WARNING",
            "KERN_NOTICE",
            "KERN_INFO",
            "KERN_DEBUG");
    assertThat(KernLevels.macros(Era.V2_4)).containsExactlyElementsOf(eight);
    for (Era era : List.of(Era.V2_6, Era.V4_X, Era.V6_X)) {
      assertThat(KernLevels.macros(era))
          .startsWith(eight.toArray(String[]::new))
          .endsWith("KERN_DEFAULT", "KERN_CONT")
          .hasSize(10);
    }
  }

  @Test
  void everyMacroOfAnEraIsALevelThereAndTheOthersAreRefused() {
    for (Era era : Era.values()) {
      for (String macro : KernLevels.macros(era)) {
        KernLevels.Leveled leveled = KernLevels.split(List.of(macro, "text"), era);
        assertThat(leveled.format()).isEqualTo("text");
        assertThat(leveled.cont()).isEqualTo(macro.equals("KERN_CONT"));
      }
    }
    assertThatThrownBy(() -> KernLevels.split(List.of("KERN_CONT", "text"), Era.V2_4))
        .hasMessage("2.4.37 has no KERN_CONT (it came in 2.6.24)");
  }

  @Test
  void levelMacrosFollowOnlyThePrintkWordsThatTakeALevelAndTheEraHas() {
    assertThat(PrintkSteps.levelMacros("printk", Era.V2_4)).isEqualTo(KernLevels.macros(Era.V2_4));
    assertThat(PrintkSteps.levelMacros("printk_once", Era.V2_4)).isEmpty();
    assertThat(PrintkSteps.levelMacros("printk_once", Era.V2_6))
        .isEqualTo(KernLevels.macros(Era.V2_6));
    assertThat(PrintkSteps.levelMacros("printk_ratelimited", Era.V2_6)).isEmpty();
    assertThat(PrintkSteps.levelMacros("printk_deferred", Era.V6_X))
        .isEqualTo(KernLevels.macros(Era.V6_X));
    assertThat(PrintkSteps.levelMacros("pr_info", Era.V6_X)).isEmpty();
    assertThat(PrintkSteps.levelMacros("insmod", Era.V6_X)).isEmpty();
  }
}

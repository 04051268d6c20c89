package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** 2.4 query_module's buffer and *ret arithmetic (i386 sizes) and how the step prints it. */
class ModuleQueryTest {

  @Test
  void namesFitOrAreEnospcWithTheBytesAllOfThemNeed() {
    ModuleQuery.Answer fits = ModuleQuery.names(List.of("importer", "exporter"), 18);
    assertThat(fits.result()).isZero();
    assertThat(fits.ret()).isEqualTo(2);
    assertThat(fits.buffer()).containsExactly("importer", "exporter");
    ModuleQuery.Answer small = ModuleQuery.names(List.of("importer", "exporter"), 17);
    assertThat(small.result()).isEqualTo(-28);
    assertThat(small.ret()).isEqualTo(18);
    assertThat(small.buffer()).isEmpty();
    assertThat(ModuleQuery.names(List.of(), 0).ret()).isZero();
  }

  @Test
  void symbolsNeedTwoPointersEachAndTheirNames() {
    List<Long> values = List.of(0xd0800010L, 0xd0800050L);
    List<String> names = List.of("exp_add", "exp_sub");
    ModuleQuery.Answer small = ModuleQuery.symbols(values, names, 31);
    assertThat(small.result()).isEqualTo(-28);
    assertThat(small.ret()).isEqualTo(2 * 8 + 8 + 8);
    ModuleQuery.Answer fits = ModuleQuery.symbols(values, names, -1);
    assertThat(fits.ret()).isEqualTo(2);
    assertThat(fits.buffer()).containsExactly("d0800010 exp_add", "d0800050 exp_sub");
  }

  @Test
  void infoIsSixteenBytesAndNamesItsFlags() {
    ModuleQuery.Answer info =
        ModuleQuery.info(
            0xd0800000L,
            16384,
            ModuleQuery.MOD_RUNNING | ModuleQuery.MOD_AUTOCLEAN | ModuleQuery.MOD_USED_ONCE,
            0,
            16);
    assertThat(info.result()).isZero();
    assertThat(info.ret()).isEqualTo(16);
    assertThat(info.buffer())
        .containsExactly(
            "address 0xd0800000 size 16384 flags"
                + " MOD_RUNNING|MOD_AUTOCLEAN|MOD_USED_ONCE usecount 0");
    ModuleQuery.Answer small = ModuleQuery.info(0xd0800000L, 16384, 0, 0, 15);
    assertThat(small.result()).isEqualTo(-28);
    assertThat(small.ret()).isEqualTo(16);
    assertThat(ModuleQuery.flagNames(0)).isEqualTo("MOD_UNINITIALIZED");
    assertThat(ModuleQuery.flagNames(127))
        .isEqualTo(
            "MOD_RUNNING|MOD_DELETED|MOD_AUTOCLEAN"
                + "|MOD_VISITED|MOD_USED_ONCE|MOD_JUST_FREED|MOD_INITIALIZING");
  }

  @Test
  void whichTakesNumbersAndNames() {
    assertThat(ModuleQuery.which("0")).isZero();
    assertThat(ModuleQuery.which("QM_INFO")).isEqualTo(5);
    assertThat(ModuleQuery.which("3")).isEqualTo(3);
    assertThat(ModuleQuery.which("9")).isEqualTo(9);
    assertThat(ModuleQuery.which("QM_NOPE")).isEqualTo(-1);
  }

  @Test
  void theStepPrintsTheCallItsResultAndTheBuffer() {
    assertThat(
            ModuleQuery.render(
                null, 1, -1, new ModuleQuery.Answer(0, 2, List.of("importer", "exporter"))))
        .isEqualTo("query_module(NULL, QM_MODULES) = 0, ret = 2\nimporter\nexporter\n");
    assertThat(ModuleQuery.render("hello", 2, 4, ModuleQuery.names(List.of("exporter"), 4)))
        .isEqualTo(
            "query_module(\"hello\", QM_DEPS, 4) = -1 ENOSPC (No space left on device),"
                + " ret = 9\n");
    assertThat(
            ModuleQuery.render(
                "nosuch", 5, -1, ModuleQuery.Answer.failed(org.kmodsim.kernel.Errno.ENOENT)))
        .isEqualTo("query_module(\"nosuch\", QM_INFO) = -1 ENOENT (No such file or directory)\n");
    assertThat(ModuleQuery.render(null, 0, -1, new ModuleQuery.Answer(0, -1, List.of())))
        .isEqualTo("query_module(NULL, 0) = 0\n");
  }
}

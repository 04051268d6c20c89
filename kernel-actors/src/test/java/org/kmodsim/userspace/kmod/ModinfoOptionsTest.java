package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolExit;

/** modinfo's command line and run without a machine (kmod 30 tools/modinfo.c do_modinfo). */
class ModinfoOptionsTest {
  private final ModuleRepository samples = new ModuleRepository("", Era.V6_X);

  private static ModinfoOptions parse(String... args) {
    return ModinfoOptions.parse(List.of(args));
  }

  @Test
  void fieldOptionsTheLastWinsAndTheOperandsAreTheModules() {
    ModinfoOptions options = parse("-a", "--field", "license", "-0", "hello", "-k", "6.1.0");
    assertThat(options.exit()).isNull();
    assertThat(options.field()).isEqualTo("license");
    assertThat(options.separator()).isEqualTo('\0');
    assertThat(options.targets()).containsExactly("hello");
    assertThat(options.kversion()).isEqualTo("6.1.0");
    assertThat(parse("-p", "x").field()).isEqualTo("parm");
  }

  @Test
  void versionBadOptionsAndNoModuleEndModinfo() {
    assertThat(parse("-V", "-x").exit()).isEqualTo(ToolExit.printed(KmodOptions.VERSION));
    assertThat(parse("-x").exit()).isEqualTo(ToolExit.failure(1, "modinfo: invalid option -- 'x'"));
    assertThat(parse("--fie").exit())
        .isEqualTo(ToolExit.failure(1, "modinfo: option '--field' requires an argument"));
    assertThat(parse("--fi", "hello").exit())
        .isEqualTo(
            ToolExit.failure(
                1, "modinfo: option '--fi' is ambiguous; possibilities: '--filename' '--field'"));
    assertThat(parse("-F", "name").exit())
        .isEqualTo(ToolExit.failure(1, "modinfo: ERROR: missing module or filename."));
  }

  @Test
  void theRunPrintsEachModuleAndSaysWhichAreNotFound() {
    ToolExit run =
        ModinfoRun.run(parse("-F", "license", "hello", "nosuch"), samples, Era.V6_X).ended();
    assertThat(run)
        .isEqualTo(new ToolExit("GPL\n", "modinfo: ERROR: Module nosuch not found.\n", 1));
    assertThat(ModinfoRun.run(parse("-k", "9.9", "hello"), samples, Era.V6_X).ended().err())
        .isEqualTo("modinfo: ERROR: Module hello not found.\n");
  }
}

package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kmodsim.kernel.Era;

/**
 * The tools' command lines from the shell, end to end: a bad option is the tool's own message and
 * exit status (kmod 30 tools/insmod.c do_insmod, tools/rmmod.c do_rmmod, tools/lsmod.c do_lsmod;
 * dmesg: PrintkMachineTest), and the tool does nothing else.
 */
class ToolCommandLineTest {

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V4_X", "V6_X"})
  void insmodRefusesAnUnknownOptionAndLoadsNothing(Era era) {
    ModuleErrnoTest.Run run = ModuleErrnoTest.run(era, "insmod -x hello.conf; lsmod");
    assertThat(run.errors(0)).isEqualTo("insmod: invalid option -- 'x'\n");
    assertThat(run.at(0).exitStatus()).isEqualTo(1);
    assertThat(run.at(1).output()).isEqualTo("Module                  Size  Used by\n");
  }

  @Test
  void insmodReadsAnOptionAfterTheFileAndDoubleDashEndsThem() {
    ModuleErrnoTest.Run run =
        ModuleErrnoTest.run(Era.V6_X, "insmod hello.conf -s; insmod -- -f; lsmod");
    assertThat(run.at(0).exitStatus()).isZero();
    assertThat(run.errors(1))
        .isEqualTo("insmod: ERROR: could not load module -f: No such file or directory\n");
    assertThat(run.at(2).output()).contains("hello ");
  }

  @Test
  void rmmodWIsKmodsUnexpectedValueAndRemovesNothing() {
    ModuleErrnoTest.Run run =
        ModuleErrnoTest.run(Era.V6_X, "insmod hello.conf; rmmod -w hello; rmmod; lsmod");
    assertThat(run.errors(1)).isEqualTo("rmmod: ERROR: unexpected getopt_long() value 'w'.\n");
    assertThat(run.at(1).exitStatus()).isEqualTo(1);
    assertThat(run.errors(2)).isEqualTo("rmmod: ERROR: missing module name.\n");
    assertThat(run.at(3).output()).contains("hello ");
  }

  @Test
  void lsmodTakesNoArgument() {
    ModuleErrnoTest.Run run = ModuleErrnoTest.run(Era.V6_X, "lsmod -x");
    assertThat(run.errors(0)).isEqualTo("Usage: lsmod\n");
    assertThat(run.at(0).exitStatus()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Era.class)
  void aModuleFileTestsLinuxVersionCodeAsVersionHDoes(
      Era era, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    // include/generated/uapi/linux/version.h: KERNEL_VERSION(a,b,c) ((a) << 16) + ((b) << 8) + (c)
    java.nio.file.Path file = dir.resolve("versioned.conf");
    java.nio.file.Files.writeString(
        file,
        "module {\n name = versioned\n license = GPL\n imports = [ printk ]\n init = [\n"
            + "  { if = \"LINUX_VERSION_CODE >= KERNEL_VERSION(2,6,0)\","
            + " then = [ \"printk KERN_INFO \\\"2.6 or later\\\"\" ],"
            + " else = [ \"printk KERN_INFO \\\"before 2.6\\\"\" ] }\n"
            + "  { if = \"UTS_RELEASE == \\\"2.6.32\\\"\", then = [ \"printk KERN_INFO \\\"2.6.32\\\"\" ] }\n"
            + "  \"return 0\"\n ]\n}\n");
    ModuleErrnoTest.Run run = ModuleErrnoTest.run(era, "insmod " + file);
    assertThat(run.at(0).exitStatus()).as(run.errors(0)).isZero();
    assertThat(run.dmesg()).contains(era == Era.V2_4 ? "before 2.6" : "2.6 or later");
    if (era == Era.V2_6) {
      assertThat(run.dmesg()).contains("2.6.32");
    } else {
      assertThat(run.dmesg()).doesNotContain("2.6.32");
    }
  }
}

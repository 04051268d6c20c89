package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineRun;

/**
 * CONFIG_MODULE_SIG without enforcement (kernel/module/signing.c, module_augment_kernel_taints): an
 * unsigned module loads, taints E, and the first one prints "module verification failed".
 */
class ModuleSigTaintTest {
  static final String NOTICE =
      ": module verification failed: signature and/or required key missing - tainting kernel";

  static MachineRun.Outcome run(Era era, String script, String... overrides) {
    MachineRun.Outcome outcome =
        ModuleMachine.run(ModuleMachine.spec(era, 2, script, overrides), 1);
    assertThat(outcome.result().violations()).isEmpty();
    return outcome;
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V4_X", "V6_X"})
  void unsignedModulesTaintEAndTheFirstOnePrintsTheNoticeOnce(Era era) {
    MachineRun.Outcome outcome =
        run(
            era,
            "insmod hello.conf; insmod chardev.conf;"
                + " cat /proc/modules; cat /sys/module/hello/taint /sys/module/chardev/taint;"
                + " cat /proc/sys/kernel/tainted",
            "kmodsim.modules.module-sig = true");
    List<String> dmesg = ModuleMachine.dmesg(outcome);
    // hello.conf is the lecture's printk("<1>Hello, world\n"): since 3.6 the level is KERN_SOH "1"
    // (include/linux/kern_levels.h) and printk_get_level() takes no "<1>", so it is text.
    assertThat(dmesg)
        .containsSubsequence(
            "hello: loading out-of-tree module taints kernel.",
            "hello" + NOTICE,
            ModuleMachine.HELLO_SINCE_36);
    assertThat(dmesg.stream().filter(line -> line.endsWith(NOTICE)))
        .containsExactly("hello" + NOTICE);
    assertThat(outcome.report().shellResults().get(2).output())
        .isEqualTo(
            "chardev 16384 0 - Live 0xffffffffc0005000 (OE)\n"
                + "hello 16384 0 - Live 0xffffffffc0000000 (OE)\n");
    assertThat(outcome.report().shellResults().get(3).output()).isEqualTo("OE\nOE\n");
    assertThat(outcome.report().shellResults().get(4).output()).isEqualTo("12288\n");
  }

  @Test
  void withoutModuleSigNothingIsVerified() {
    MachineRun.Outcome outcome = run(Era.V6_X, "insmod hello.conf; cat /proc/sys/kernel/tainted");
    assertThat(ModuleMachine.dmesg(outcome)).noneMatch(line -> line.endsWith(NOTICE));
    assertThat(outcome.report().shellResults().get(1).output()).isEqualTo("4096\n");
  }

  @Test
  void era26KernelHasNoModuleSigning() {
    MachineRun.Outcome outcome =
        run(Era.V2_6, "insmod hello.conf; cat /proc/modules", "kmodsim.modules.module-sig = true");
    assertThat(ModuleMachine.dmesg(outcome)).noneMatch(line -> line.endsWith(NOTICE));
    assertThat(outcome.report().shellResults().get(1).output()).doesNotContain("(");
  }

  @Test
  void aSignedModuleIsCleanUntilInsmodForceStripsItsVersions(@TempDir Path dir) throws IOException {
    Path signed = dir.resolve("signed.conf");
    Files.writeString(
        signed,
        "module {\n name = signed\n license = \"GPL\"\n intree = true\n"
            + " signed = true\n"
            + " init = [ \"return 0\" ]\n exit = [ ]\n}\n");
    MachineRun.Outcome clean =
        run(
            Era.V6_X,
            "insmod " + signed + "; cat /sys/module/signed/taint",
            "kmodsim.modules.module-sig = true");
    assertThat(clean.report().shellResults().get(1).output()).isEqualTo("\n");
    MachineRun.Outcome forced =
        run(
            Era.V6_X,
            "insmod -f " + signed + "; cat /sys/module/signed/taint",
            "kmodsim.modules.module-sig = true");
    assertThat(ModuleMachine.dmesg(forced)).contains("signed" + NOTICE);
    assertThat(forced.report().shellResults().get(1).output()).isEqualTo("FE\n");
  }

  @Test
  void sigEnforceImpliesModuleSigAndRejectsInsteadOfTainting() {
    MachineRun.Outcome outcome =
        run(
            Era.V6_X,
            "insmod hello.conf; cat /proc/sys/kernel/tainted",
            "kmodsim.modules.sig-enforce = true");
    assertThat(outcome.report().shellResults().get(0).errors())
        .endsWith("hello.conf: Key was rejected by service\n");
    assertThat(ModuleMachine.dmesg(outcome)).noneMatch(line -> line.endsWith(NOTICE));
    assertThat(outcome.report().shellResults().get(1).output()).isEqualTo("0\n");
  }
}

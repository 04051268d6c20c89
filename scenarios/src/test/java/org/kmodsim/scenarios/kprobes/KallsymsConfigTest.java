package org.kmodsim.scenarios.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.kprobes.KprobesSubsystem;
import org.kmodsim.kernel.kprobes.ProbedModuleCall;
import org.kmodsim.kernel.module.ModuleSubsystem;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.sim.RunSpec;

/**
 * A kernel built with {@code CONFIG_KALLSYMS=n} ({@code kmodsim.modules.kallsyms = false}):
 * kernel/kallsyms.c is not built (kernel/Makefile {@code obj-$(CONFIG_KALLSYMS) += kallsyms.o}), so
 * there is no /proc/kallsyms (kallsyms_init's proc_create), kallsyms_lookup_name is
 * include/linux/kallsyms.h's stub returning 0 and is not exported; KPROBES selects KALLSYMS
 * (arch/Kconfig), so there are no kprobes either and register_kprobe is include/linux/kprobes.h's
 * stub: -EOPNOTSUPP since 5.16, -ENOSYS before.
 */
class KallsymsConfigTest {
  @TempDir static Path dir;

  private static List<MachineReport.ShellResult> sh(Era era, boolean kallsyms, String script) {
    MachineSpec spec =
        new MachineSpec(
            ConfigFactory.parseString("kmodsim.modules.kallsyms = " + kallsyms)
                .withFallback(ConfigFactory.load()),
            era,
            2,
            List.of(
                new ModuleSubsystem().withCodeCall(ProbedModuleCall::new), new KprobesSubsystem()),
            List.of(),
            CommandLine.splitList(script),
            Cred.root(),
            0);
    return MachineRun.run(spec, RunSpec.deterministic(1)).report().shellResults();
  }

  private static final String SCRIPT =
      "cat /proc/kallsyms; kallsyms_lookup_name vfs_read; register_kprobe kp symbol_name=vfs_read;"
          + " cat /sys/kernel/debug/kprobes/list";

  @Test
  void withoutKallsymsThereIsNoProcKallsymsNoLookupAndNoKprobes() {
    List<MachineReport.ShellResult> six = sh(Era.V6_X, false, SCRIPT);
    assertThat(six.get(0).errors()).isEqualTo("cat: /proc/kallsyms: No such file or directory\n");
    assertThat(six.get(1).output()).isEqualTo("0000000000000000\n");
    assertThat(six.get(2).errors()) // -EOPNOTSUPP
        .isEqualTo("register_kprobe failed, returned -95\n");
    assertThat(six.get(3).errors())
        .isEqualTo("cat: /sys/kernel/debug/kprobes/list: No such file or directory\n");
    List<MachineReport.ShellResult> four = sh(Era.V4_X, false, SCRIPT);
    assertThat(four.get(0).errors()).isEqualTo("cat: /proc/kallsyms: No such file or directory\n");
    assertThat(four.get(2).errors()) // -ENOSYS before 5.16
        .isEqualTo("register_kprobe failed, returned -38\n");
    List<MachineReport.ShellResult> two6 = sh(Era.V2_6, false, SCRIPT);
    assertThat(two6.get(2).errors()).isEqualTo("register_kprobe failed, returned -38\n");

    // the same kernels with CONFIG_KALLSYMS=y (the default)
    List<MachineReport.ShellResult> with = sh(Era.V6_X, true, SCRIPT);
    assertThat(with.get(0).output()).contains(" T vfs_read\n");
    assertThat(with.get(1).output()).matches("ffffffff[0-9a-f]{8}\n");
    assertThat(with.get(2).exitStatus()).isZero();
    assertThat(with.get(3).output()).contains("[FTRACE]");
  }

  @Test
  void withoutKallsymsAModuleCannotLinkAgainstKallsymsLookupName() throws IOException {
    Path module = dir.resolve("trick_direct.conf");
    Files.writeString(
        module,
        "module {\n name = trick_direct\n license = \"GPL\"\n imports = [ kallsyms_lookup_name ]\n"
            + " init = [ \"return 0\" ]\n exit = [ ]\n}\n");
    String insmod = "insmod " + module + "; lsmod";
    assertThat(sh(Era.V4_X, true, insmod).get(1).output()).contains("trick_direct");
    List<MachineReport.ShellResult> without = sh(Era.V4_X, false, insmod);
    assertThat(without.get(0).errors()).contains("Unknown symbol in module");
    assertThat(without.get(1).output()).doesNotContain("trick_direct");
  }
}

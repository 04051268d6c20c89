package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.Kernel;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.sim.config.ConfigValueException;

/**
 * /proc/cmdline (fs/proc/cmdline.c cmdline_proc_show: saved_command_line and '\n') and modprobe
 * reading it: kmod 30's kmod_config_parse_kcmdline (libkmod-config.c) makes {@code MOD.param=v} an
 * options line and {@code modprobe.blacklist=} blacklist lines, shown by {@code modprobe -c} and
 * applied as the configuration's are; module-init-tools 3.9's parse_kcmdline (modprobe.c) takes the
 * options only; 2.4's modutils reads nothing.
 */
class KernelCmdlineTest {
  private static final String EXTRA =
      "kmodsim.machine.cmdline = \"hello.howmany=3 hello-x.y=1 modprobe.blacklist=chardev\"";

  @Test
  void procCmdlineIsTheBootLoadersWordsTheConfiguredParametersAndTheUsersText() {
    assertThat(ModuleMachine.sh(Era.V6_X, "cat /proc/cmdline", EXTRA).get(0).output())
        .isEqualTo(
            "BOOT_IMAGE=/boot/vmlinuz-6.12.0 root=/dev/sda1 ro console=ttyS0,9600n8"
                + " hello.howmany=3 hello-x.y=1 modprobe.blacklist=chardev\n");
    assertThat(
            ModuleMachine.sh(
                    Era.V4_X,
                    "cat /proc/cmdline",
                    "kmodsim.printk.quiet = true",
                    "kmodsim.printk.loglevel = 5",
                    "kmodsim.modules.module-blacklist = [a, b]")
                .get(0)
                .output())
        .isEqualTo(
            "BOOT_IMAGE=/boot/vmlinuz-4.19.0 root=/dev/sda1 ro console=ttyS0,9600n8 loglevel=5"
                + " quiet module_blacklist=a,b\n");
    assertThat(ModuleMachine.sh(Era.V2_6, "cat /proc/cmdline").get(0).output())
        .isEqualTo("root=/dev/sda1 ro console=ttyS0,9600n8\n");
    assertThat(ModuleMachine.sh(Era.V2_4, "cat /proc/cmdline").get(0).output())
        .isEqualTo("auto BOOT_IMAGE=linux ro root=301 console=ttyS0,9600n8\n");
  }

  @Test
  void kmodTakesOptionsAndTheBlacklistFromTheCommandLineAndShowsThemWithTheConfiguration() {
    List<MachineReport.ShellResult> r =
        ModuleMachine.sh(
            Era.V6_X,
            "modprobe -v hello; cat /sys/module/hello/parameters/howmany; modprobe -c;"
                + " modprobe -b chardev; lsmod",
            EXTRA);
    // print_action: "insmod PATH OPTIONS" with kmod_module_get_options' text
    assertThat(r.get(0).output()).isEqualTo("insmod /lib/modules/6.12.0/hello.conf howmany=3\n");
    assertThat(r.get(1).output()).isEqualTo("3\n");
    assertThat(r.get(2).output())
        .isEqualTo(
            "blacklist chardev\n"
                + "options hello howmany=3\n"
                + "options hello_x y=1\n"
                + "\n# End of configuration files. Dumping indexes now:\n\n");
    // -b: KMOD_PROBE_APPLY_BLACKLIST, and insmod() ignores the flag return value
    assertThat(r.get(3).exitStatus()).isZero();
    assertThat(r.get(3).errors()).isEmpty();
    assertThat(r.get(4).output()).doesNotContain("chardev");
  }

  @Test
  void moduleInitToolsTakesTheOptionsOnly() {
    List<MachineReport.ShellResult> r =
        ModuleMachine.sh(
            Era.V2_6,
            "modprobe -v hello; cat /sys/module/hello/parameters/howmany; modprobe -b chardev;"
                + " lsmod",
            EXTRA);
    assertThat(r.get(0).output()).isEqualTo("insmod /lib/modules/2.6.32/hello.conf howmany=3\n");
    assertThat(r.get(1).output()).isEqualTo("3\n");
    assertThat(r.get(3).output()).contains("chardev");
  }

  @Test
  void aCommandLineOfTwoLinesIsRefusedAtItsKey() {
    var config =
        ConfigFactory.parseString("kmodsim.machine.cmdline = \"a\\nb\"")
            .withFallback(ConfigFactory.load());
    assertThatThrownBy(() -> Kernel.check(config, Era.V6_X, 2))
        .isInstanceOf(ConfigValueException.class)
        .hasMessageContaining("kmodsim.machine.cmdline")
        .hasMessageContaining("one line");
  }
}

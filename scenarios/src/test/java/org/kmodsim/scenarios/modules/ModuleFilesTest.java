package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;

/** Golden outputs of the module files and tools through the shell. */
class ModuleFilesTest {

  static List<MachineReport.ShellResult> sh(Era era, String script, String... overrides) {
    return ModuleMachine.sh(era, script, overrides);
  }

  @Test
  void procModulesAndLsmodShowHoldersTaintsAndZeroedAddressesForNobody() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V6_X,
            "insmod exporter.conf; insmod importer.conf;"
                + " cat /proc/modules; lsmod; su nobody; cat /proc/modules");
    assertThat(r.get(2).output())
        .isEqualTo(
            "importer 16384 0 - Live 0xffffffffc0005000 (O)\n"
                + "exporter 16384 1 importer, Live 0xffffffffc0000000 (O)\n");
    assertThat(r.get(3).output())
        .isEqualTo(
            "Module                  Size  Used by\n"
                + "importer               16384  0\n"
                + "exporter               16384  1 importer\n");
    assertThat(r.get(5).output())
        .isEqualTo(
            "importer 16384 0 - Live 0x0000000000000000 (O)\n"
                + "exporter 16384 1 importer, Live 0x0000000000000000 (O)\n");
  }

  @Test
  void era24ProcModulesAndLsmodWithTaintHeader() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V2_4,
            "insmod exporter.conf; insmod importer.conf;" + " insmod oldstyle.conf irq=3,5; lsmod");
    assertThat(r.get(2).output())
        .isEqualTo(
            "Warning: loading oldstyle.conf will taint the kernel: no license\n"
                + "  See http://www.tux.org/lkml/#export-tainted for information about tainted"
                + " modules\n"
                + "Module oldstyle loaded, with warnings\n");
    assertThat(r.get(2).errors()).isEmpty();
    assertThat(r.get(3).output())
        .isEqualTo(
            // modutils 2.4.27 lsmod.c: "Tainted: %c%c%c" (P, then F and S or spaces)
            "Module                  Size  Used by    Tainted: P  \n"
                + "oldstyle               16384   0  (autoclean) (unused)\n"
                + "importer               16384   0  (unused)\n"
                + "exporter               16384   0  [importer]\n");
  }

  /**
   * 2.6.32 kernel/module.c modinfo_attrs[]: version, srcversion, initstate and refcnt (with
   * CONFIG_MODULE_UNLOAD); mod_sysfs_setup adds holders/ and parameters/. coresize, initsize and
   * taint came later.
   */
  @Test
  void sysModuleOf26HasOnlyItsAttributes() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V2_6,
            "insmod hello.conf; ls /sys/module/hello; cat /sys/module/hello/initstate;"
                + " cat /sys/module/hello/coresize");
    assertThat(r.get(1).output())
        .isEqualTo("holders\ninitstate\nparameters\nrefcnt\nuevent\nversion\n");
    assertThat(r.get(2).output()).isEqualTo("live\n");
    assertThat(r.get(3).errors())
        .isEqualTo("cat: /sys/module/hello/coresize: No such file or directory\n");
  }

  /**
   * kptr_restrict came in 2.6.38: 2.6.32 has no /proc/sys/kernel/kptr_restrict, and its
   * kernel/kallsyms.c s_show ("%0*lx %c %s") and kernel/module.c m_show (" 0x%p") give every reader
   * the addresses.
   */
  @Test
  void era26HasNoKptrRestrictAndShowsAddressesToEveryone() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V2_6,
            "insmod hello.conf; su nobody; cat /proc/modules; cat /proc/kallsyms;"
                + " cat /proc/sys/kernel/kptr_restrict");
    assertThat(r.get(2).output()).matches("hello \\d+ 0 - Live 0x[0-9a-f]*[1-9a-f][0-9a-f]*\n");
    assertThat(r.get(3).output()).doesNotStartWith("0000000000000000");
    assertThat(r.get(4).errors())
        .isEqualTo("cat: /proc/sys/kernel/kptr_restrict: No such file or directory\n");
  }

  @Test
  void sysModuleFilesFollowKernfsPermissions() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V6_X,
            "insmod hello.conf whom=there ids=4,2;"
                + " ls /sys/module; cat /sys/module/hello/initstate /sys/module/hello/refcnt"
                + " /sys/module/hello/taint /sys/module/hello/coresize;"
                + " cat /sys/module/hello/parameters/whom /sys/module/hello/parameters/ids;"
                + " ls /sys/module/hello/parameters; echo 9 > /sys/module/hello/parameters/howmany;"
                + " cat /sys/module/hello/parameters/howmany; echo 5 > /sys/module/hello/parameters/whom;"
                + " su nobody; cat /sys/module/hello/parameters/howmany;"
                + " cat /sys/module/hello/parameters/tag; echo 1 > /sys/module/hello/parameters/howmany");
    assertThat(r.get(1).output()).isEqualTo("hello\n");
    assertThat(r.get(2).output()).isEqualTo("live\n0\nO\n16384\n");
    assertThat(r.get(3).output()).isEqualTo("there\n4,2\n");
    assertThat(r.get(4).output()).isEqualTo("howmany\nwhom\nids\ntag\n");
    assertThat(r.get(6).output()).isEqualTo("9\n");
    assertThat(r.get(7).errors())
        .isEqualTo("bash: /sys/module/hello/parameters/whom: Permission denied\n");
    assertThat(r.get(9).output()).isEqualTo("9\n");
    assertThat(r.get(10).errors())
        .isEqualTo("cat: /sys/module/hello/parameters/tag: Permission denied\n");
    assertThat(r.get(11).errors())
        .isEqualTo("bash: /sys/module/hello/parameters/howmany: Permission denied\n");
  }

  @Test
  void charpStoresTheNewlineEchoWrites() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V6_X,
            "insmod hello.conf;"
                + " echo 1 > /sys/module/hello/parameters/ids; cat /sys/module/hello/parameters/ids");
    assertThat(r.get(2).output()).isEqualTo("1\n");
  }

  @Test
  void procKallsymsListsModuleSymbolsAndHidesAddressesUnderKptrRestrict() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V6_X,
            "insmod exporter.conf; cat /proc/kallsyms;"
                + " su nobody; cat /proc/kallsyms; su root; sysctl -w kernel.kptr_restrict=2;"
                + " cat /proc/kallsyms");
    String root = r.get(1).output();
    assertThat(root).startsWith("ffffffff81000000 T _stext\n");
    assertThat(root).contains(" T _printk\n", " T flush_tlb_all\n", " T kallsyms_lookup_name\n");
    assertThat(root)
        .endsWith(
            "ffffffffc0000010 T exp_add\t[exporter]\n"
                + "ffffffffc0000050 T exp_internal\t[exporter]\n");
    assertThat(r.get(3).output()).startsWith("0000000000000000 T _stext\n");
    assertThat(r.get(6).output()).startsWith("0000000000000000 T _stext\n");
  }

  /** kptr_restrict is read when /proc/modules is read, not at boot. */
  @Test
  void procModulesAddressesFollowTheCurrentKptrRestrict() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V6_X,
            "insmod exporter.conf; cat /proc/modules;"
                + " sysctl -w kernel.kptr_restrict=2; cat /proc/modules; cat /proc/kallsyms;"
                + " echo 1 > /proc/sys/kernel/kptr_restrict; cat /proc/modules; su nobody;"
                + " cat /proc/modules");
    String shown = "exporter 16384 0 - Live 0xffffffffc0000000 (O)\n";
    String hidden = "exporter 16384 0 - Live 0x0000000000000000 (O)\n";
    assertThat(r.get(1).output()).isEqualTo(shown);
    assertThat(r.get(3).output()).isEqualTo(hidden);
    assertThat(r.get(4).output()).startsWith("0000000000000000 T _stext\n");
    assertThat(r.get(6).output()).isEqualTo(shown);
    assertThat(r.get(8).output()).isEqualTo(hidden);
    List<MachineReport.ShellResult> booted =
        sh(
            Era.V4_X,
            "insmod exporter.conf;"
                + " cat /proc/modules; sysctl -w kernel.kptr_restrict=0; cat /proc/modules;"
                + " cat /proc/kallsyms",
            "kmodsim.modules.kptr-restrict = 2");
    assertThat(booted.get(1).output()).isEqualTo(hidden);
    assertThat(booted.get(3).output()).isEqualTo(shown);
    assertThat(booted.get(4).output()).startsWith("ffffffff81000000 T _stext\n");
  }

  @Test
  void era24ProcKsymsHasVersionedNamesAndModulesFirst() {
    List<MachineReport.ShellResult> r = sh(Era.V2_4, "insmod exporter.conf; cat /proc/ksyms");
    String ksyms = r.get(1).output();
    assertThat(ksyms)
        .startsWith(
            "d0800010 exp_add_R5a1c0f3e\t[exporter]\n"
                + "d0800050 GPLONLY_exp_internal_R0badf00d\t[exporter]\n");
    assertThat(ksyms).containsPattern("c01[0-9a-f]{5} printk_R[0-9a-f]{8}\n");
    assertThat(ksyms).contains(" memcpy\n");
  }

  @Test
  void modinfoAndModprobeShowDepends() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V6_X,
            "modinfo -F parm hello;"
                + " modinfo nosuch; modprobe --show-depends importer; modprobe nosuch");
    assertThat(r.get(0).output())
        .isEqualTo(
            "howmany:How many times to greet (int)\n"
                + "whom:Whom to greet (charp)\n"
                + "verbose:Log more (bool)\n"
                + "ids:Up to four ids (array of int)\n"
                + "tag:A short tag (string)\n");
    assertThat(r.get(1).errors()).isEqualTo("modinfo: ERROR: Module nosuch not found.\n");
    assertThat(r.get(2).output())
        .isEqualTo(
            "insmod /lib/modules/6.12.0/exporter.conf \n"
                + "insmod /lib/modules/6.12.0/importer.conf \n");
    assertThat(r.get(3).errors())
        .isEqualTo("modprobe: FATAL: Module nosuch not found in directory /lib/modules/6.12.0\n");
    assertThat(r.get(3).exitStatus()).isEqualTo(1);
  }

  @Test
  void modprobeLoadsDependenciesAndRemovesThemAgain() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V4_X,
            "modprobe importer; lsmod; modprobe importer;"
                + " modprobe --first-time importer; modprobe -r exporter; modprobe -r importer; lsmod");
    assertThat(r.get(1).output())
        .isEqualTo(
            "Module                  Size  Used by\n"
                + "importer               16384  0\n"
                + "exporter               16384  1 importer\n");
    assertThat(r.get(2).exitStatus()).isZero();
    assertThat(r.get(3).errors())
        .isEqualTo("modprobe: ERROR: could not insert 'importer': Module already in kernel\n");
    assertThat(r.get(4).errors()).isEqualTo("modprobe: FATAL: Module exporter is in use.\n");
    assertThat(r.get(6).output()).isEqualTo("Module                  Size  Used by\n");
  }

  @Test
  void modprobeFindsAModuleByItsAlias() {
    List<MachineReport.ShellResult> r =
        sh(Era.V6_X, "modprobe char-major-42; lsmod;" + " modinfo -F alias chardev");
    assertThat(r.get(0).exitStatus()).isZero();
    assertThat(r.get(1).output()).contains("chardev ");
    assertThat(r.get(2).output()).isEqualTo("char-major-42\n");
  }

  @Test
  void moduleCodeSeesRuntimeParameterWrites() {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V6_X,
            "insmod hello.conf howmany=3;"
                + " echo 11 > /sys/module/hello/parameters/howmany;"
                + " insmod importer.conf");
    assertThat(r.get(0).exitStatus()).isZero();
    assertThat(r.get(2).errors()).endsWith("importer.conf: Unknown symbol in module\n");
  }

  @Test
  void taintedSysctlAndPermanentModules() {
    List<MachineReport.ShellResult> r =
        sh(Era.V6_X, "insmod gplonly.conf;" + " cat /proc/sys/kernel/tainted");
    assertThat(r.get(1).output()).isEqualTo("4097\n");
  }
}

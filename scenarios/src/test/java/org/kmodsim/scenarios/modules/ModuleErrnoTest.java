package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;

/** One test per errno case of init_module/finit_module and delete_module, per era. */
class ModuleErrnoTest {

  record Run(List<MachineReport.ShellResult> results, List<String> dmesg) {
    MachineReport.ShellResult at(int index) {
      return results.get(index);
    }

    String errors(int index) {
      return results.get(index).errors();
    }
  }

  static Run run(Era era, String script, String... overrides) {
    MachineRun.Outcome outcome =
        ModuleMachine.run(ModuleMachine.spec(era, 2, script, overrides), 1);
    assertThat(outcome.result().failure()).isNull();
    assertThat(outcome.result().violations()).isEmpty();
    return new Run(outcome.report().shellResults(), ModuleMachine.dmesg(outcome));
  }

  /**
   * insmod's message for a refused load: module-init-tools 3.9 in 2.6 (insmod.c main: "error
   * inserting '%s': %li %s"), kmod 30 later (tools/insmod.c do_insmod).
   */
  static String couldNotInsert(Era era, String file, String why) {
    return era == Era.V2_6
        ? "insmod: error inserting '" + file + "': -1 " + why + "\n"
        : "insmod: ERROR: could not insert module " + file + ": " + why + "\n";
  }

  /** rmmod's message for a refused delete_module: module-init-tools 3.9's rmmod() in 2.6. */
  static String couldNotRemove(Era era, String name, String why) {
    return era == Era.V2_6
        ? "ERROR: Removing '" + name + "': " + why + "\n"
        : "rmmod: ERROR: could not remove '"
            + name
            + "': "
            + why
            + "\n"
            + "rmmod: ERROR: could not remove module "
            + name
            + ": "
            + why
            + "\n";
  }

  /** lsmod's header: modutils 2.4.27 adds the taint state after "Used by ". */
  static String lsmodHeader(Era era) {
    return era == Era.V2_4
        ? "Module                  Size  Used by    Not tainted\n"
        : "Module                  Size  Used by\n";
  }

  @ParameterizedTest
  @EnumSource(Era.class)
  void secondLoadOfALiveModuleIsEexist(Era era) {
    Run run = run(era, "insmod hello.conf; insmod hello.conf");
    assertThat(run.at(0).exitStatus()).isZero();
    assertThat(run.errors(1))
        .isEqualTo(
            era == Era.V2_4
                ? "insmod: a module named hello already exists\n" // modutils, from QM_MODULES
                : couldNotInsert(era, "hello.conf", "File exists"));
    assertThat(run.at(1).exitStatus()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Era.class)
  void loadAndUnloadWithoutCapSysModuleAreEperm(Era era) {
    // modutils 2.4 has no rmmod -f, and reports delete_module's EPERM with perror(argv[i])
    String rmmod = era == Era.V2_4 ? "rmmod hello" : "rmmod -f hello";
    Run run = run(era, "insmod hello.conf; su nobody; insmod chardev.conf; " + rmmod);
    assertThat(run.errors(2))
        .isEqualTo(
            era == Era.V2_4
                ? "chardev.conf: create_module: Operation not permitted\n"
                : couldNotInsert(era, "chardev.conf", "Operation not permitted"));
    assertThat(run.errors(3))
        .isEqualTo(
            era == Era.V2_4
                ? "hello: Operation not permitted\n"
                : couldNotRemove(era, "hello", "Operation not permitted"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V4_X", "V6_X"})
  void modulesDisabledBlocksLoadsAndUnloadsAndCannotBeCleared(Era era) {
    Run run =
        run(
            era,
            "insmod hello.conf; echo 1 > /proc/sys/kernel/modules_disabled;"
                + " insmod chardev.conf; rmmod hello; echo 0 > /proc/sys/kernel/modules_disabled;"
                + " cat /proc/sys/kernel/modules_disabled");
    assertThat(run.errors(2))
        .isEqualTo(couldNotInsert(era, "chardev.conf", "Operation not permitted"));
    assertThat(run.errors(3)).isEqualTo(couldNotRemove(era, "hello", "Operation not permitted"));
    assertThat(run.errors(4)).isEqualTo("bash: echo: write error: Invalid argument\n");
    assertThat(run.at(5).output()).isEqualTo("1\n");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V4_X", "V6_X"})
  void unloadOfAnUnknownModuleIsEnoentAndRmmodSaysNotLoaded(Era era) {
    Run run = run(era, "rmmod nosuch; rmmod -f nosuch");
    assertThat(run.errors(0))
        .isEqualTo(
            era == Era.V2_6 // module-init-tools 3.9 rmmod.c check_usage
                ? "ERROR: Module nosuch does not exist in /proc/modules\n"
                : "rmmod: ERROR: Module nosuch is not currently loaded\n");
    assertThat(run.errors(1)).isEqualTo(couldNotRemove(era, "nosuch", "No such file or directory"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V4_X", "V6_X"})
  void unloadOfAModuleWithUsersIsEwouldblock(Era era) {
    Run run =
        run(
            era,
            "insmod exporter.conf; insmod importer.conf; rmmod exporter;"
                + " rmmod -f exporter; lsmod");
    assertThat(run.errors(2))
        .isEqualTo(
            era == Era.V2_6 // module-init-tools 3.9 rmmod.c mod_in_use
                ? "ERROR: Module exporter is in use by importer\n"
                : "rmmod: ERROR: Module exporter is in use by: importer\n");
    assertThat(run.errors(3))
        .isEqualTo(couldNotRemove(era, "exporter", "Resource temporarily unavailable"));
    assertThat(run.at(4).output()).contains("exporter               16384  1 importer\n");
  }

  /**
   * modutils 2.4.27's rmmod (insmod/rmmod.c main): delete_module(argv[i]) without a look at
   * /proc/modules first; ENOENT is error("module %s is not loaded") with util/logger.c's "rmmod: "
   * prefix, any other errno perror(argv[i]); exit 1. It has no -f or -w.
   */
  @Test
  void unloadOfAModuleWithUsersIsEbusyIn24() {
    Run run =
        run(
            Era.V2_4,
            "insmod exporter.conf; insmod importer.conf; rmmod exporter; rmmod nosuch;"
                + " rmmod -f exporter; rmmod; rmmod -h; rmmod --force exporter");
    assertThat(run.errors(2)).isEqualTo("exporter: Device or resource busy\n");
    assertThat(run.at(2).exitStatus()).isEqualTo(1);
    assertThat(run.errors(3)).isEqualTo("rmmod: module nosuch is not loaded\n");
    assertThat(run.at(3).exitStatus()).isEqualTo(1);
    String usage =
        "Usage:\n"
            + "rmmod [-aehrsvV] module ...\n"
            + "\n"
            + "  -a, --all     Remove all unused modules\n"
            + "  -e, --persist Save persistent data, do not unload module\n"
            + "  -r, --stacks  Remove stacks, starting at the named module\n"
            + "  -s, --syslog  Use syslog for error messages\n"
            + "  -h, --help    Print this message\n"
            + "  -v, --verbose Be verbose\n"
            + "  -V, --version Print the release version number\n";
    // glibc 2.3's getopt messages (posix/getopt.c of glibc-2.3.2)
    assertThat(run.errors(4)).isEqualTo("rmmod: invalid option -- f\n" + usage);
    assertThat(run.at(4).exitStatus()).isEqualTo(1);
    assertThat(run.errors(5)).isEqualTo(usage);
    assertThat(run.at(5).exitStatus()).isEqualTo(1);
    assertThat(run.errors(6)).isEqualTo(usage);
    assertThat(run.at(6).exitStatus()).isZero();
    assertThat(run.errors(7)).isEqualTo("rmmod: unrecognized option `--force'\n" + usage);
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V4_X", "V6_X"})
  void unloadWithARefcountIsEwouldblockUnlessForcedWhichTaintsR(Era era) {
    Run run =
        run(
            era,
            "insmod leaky.conf; cat /sys/module/leaky/refcnt; rmmod leaky;"
                + " sysctl kernel.tainted; rmmod -f leaky; cat /proc/sys/kernel/tainted; lsmod");
    assertThat(run.at(1).output()).isEqualTo("1\n");
    assertThat(run.errors(2))
        .isEqualTo(
            era == Era.V2_6
                ? "ERROR: Module leaky is in use\n"
                : "rmmod: ERROR: Module leaky is in use\n");
    long before = Long.parseLong(run.at(3).output().replace("kernel.tainted = ", "").trim());
    assertThat(run.at(4).exitStatus()).isZero();
    long after = Long.parseLong(run.at(5).output().trim());
    assertThat(after - before).isEqualTo(8);
    assertThat(run.at(6).output()).isEqualTo("Module                  Size  Used by\n");
  }

  @ParameterizedTest
  @EnumSource(Era.class)
  void failingInitReturnsItsErrorNeverCallsExitAndLeavesNothing(Era era) {
    Run run = run(era, "insmod initfail.conf; lsmod; insmod initfail.conf");
    assertThat(run.errors(0))
        .isEqualTo(
            era == Era.V2_4
                ? "initfail.conf: init_module: No such device\n"
                : couldNotInsert(era, "initfail.conf", "No such device"));
    // 2.4: the slot stayed (uninitialized) until insmod deleted it.
    assertThat(run.at(1).output()).isEqualTo(lsmodHeader(era));
    assertThat(run.errors(2)).endsWith("No such device\n");
    assertThat(run.dmesg()).doesNotContain("initfail: exit must never run");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V4_X", "V6_X"})
  void positiveInitIsWarnedAndLoaded(Era era) {
    Run run = run(era, "insmod positive.conf; lsmod");
    assertThat(run.at(0).exitStatus()).isZero();
    assertThat(run.dmesg())
        .contains(
            "do_init_module: 'positive'->init suspiciously returned 1, it should follow 0/-E"
                + " convention",
            "do_init_module: loading module anyway...");
  }

  /**
   * kernel/module/main.c do_init_module (6.x): the warning is followed by dump_stack(), whose
   * lib/dump_stack.c dump_stack_print_info line has 6.11's UID: and the Call Trace its <TASK>
   * markers; 2.6.32 kernel/module.c sys_init_module dumps the stack too, with the "Pid: %d, comm:"
   * line of arch/x86/kernel/dumpstack.c dump_stack.
   */
  @Test
  void positiveInitDumpsTheStack() {
    List<String> dmesg = run(Era.V6_X, "insmod positive.conf").dmesg();
    int anyway = dmesg.indexOf("do_init_module: loading module anyway...");
    assertThat(dmesg.subList(anyway + 1, anyway + 9))
        .containsExactly(
            "CPU: 0 UID: 0 PID: 1000 Comm: cpu0 Tainted: G           O       6.12.0 #1",
            "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2"
                + " 04/01/2014",
            "Call Trace:",
            " <TASK>",
            " dump_stack_lvl",
            " do_init_module",
            " load_module",
            " </TASK>");
    List<String> old = run(Era.V2_6, "insmod positive.conf").dmesg();
    int warned = old.indexOf("sys_init_module: loading module anyway...");
    assertThat(old.subList(warned + 1, warned + 5))
        .containsExactly(
            "Pid: 1000, comm: cpu0 Not tainted 2.6.32 #1",
            "Call Trace:",
            " dump_stack",
            " sys_init_module");
  }

  @Test
  void positiveInitIsEbusyIn24AndWarnedAsSysInitModuleIn26() {
    assertThat(run(Era.V2_4, "insmod positive.conf").errors(0))
        .isEqualTo("positive.conf: init_module: Device or resource busy\n");
    assertThat(run(Era.V2_6, "insmod positive.conf").dmesg())
        .contains("sys_init_module: loading module anyway...");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V4_X", "V6_X"})
  void wrongVermagicIsEnoexecAndForcedLoadTaintsF(Era era) {
    // module-init-tools 3.9's insmod ignores -f: modprobe -f forced a 2.6 load
    String force = era == Era.V2_6 ? "modprobe -f badmagic" : "insmod -f badmagic.conf";
    Run run = run(era, "insmod badmagic.conf; " + force + "; lsmod");
    assertThat(run.errors(0))
        .isEqualTo(couldNotInsert(era, "badmagic.conf", "Invalid module format"));
    assertThat(run.dmesg())
        .contains(
            "badmagic: version magic '2.6.18 SMP mod_unload 686 '"
                + " should be '"
                + org.kmodsim.kernel.module.Modversions.vermagic(era)
                + "'");
    assertThat(run.at(1).exitStatus()).isZero();
    // 2.6.32 kernel/module.c check_modstruct_version checks module_layout too
    assertThat(run.dmesg()).containsOnlyOnce("badmagic: module_layout: kernel tainted.");
    assertThat(run.dmesg()).doesNotContain("badmagic: bad vermagic: kernel tainted.");
  }

  @Test
  void moduleInitToolsInsmodSkipsTheOldOptionsAndNeverForces() {
    // module-init-tools 3.9 insmod.c main: "Ignore old options, for backwards compat." (-p -s -f)
    Run run = run(Era.V2_6, "insmod -f badmagic.conf; insmod -s; insmod -V; insmod -x");
    assertThat(run.errors(0))
        .isEqualTo("insmod: error inserting 'badmagic.conf': -1 Invalid module format\n");
    assertThat(run.errors(1)).isEqualTo("Usage: insmod filename [args]\n");
    assertThat(run.at(1).exitStatus()).isEqualTo(1);
    assertThat(run.at(2).output()).isEqualTo("module-init-tools version 3.9\n");
    assertThat(run.errors(3)).isEqualTo("insmod: can't read '-x': No such file or directory\n");
  }

  @Test
  void moduleInitToolsRmmodPrintsItsUsageForABadOption() {
    // module-init-tools 3.9 rmmod.c main: getopt_long's message, then print_usage, exit 1
    Run run = run(Era.V2_6, "rmmod -x; rmmod");
    assertThat(run.errors(0))
        .startsWith("rmmod: invalid option -- 'x'\nUsage: rmmod [-fhswvV] modulename ...\n");
    assertThat(run.at(0).exitStatus()).isEqualTo(1);
    assertThat(run.errors(1)).startsWith("no module names given\nUsage: rmmod [-fhswvV]");
  }

  /**
   * kernel/panic.c add_taint: the first taint with LOCKDEP_NOW_UNRELIABLE (set_license's P) prints
   * "Disabling lock debugging due to kernel taint" after the licence line; __debug_locks_off()
   * (lib/debug_locks.c) makes it once per boot, and the out-of-tree taint (LOCKDEP_STILL_OK,
   * module_augment_kernel_taints) never prints it.
   */
  @Test
  void theFirstTaintThatMakesLockdepUnreliableDisablesLockDebuggingOnce() {
    Run run = run(Era.V6_X, "insmod hello.conf; insmod gplonly.conf; insmod -f badmagic.conf");
    List<String> dmesg = run.dmesg();
    assertThat(dmesg)
        .containsSubsequence(
            "hello: loading out-of-tree module taints kernel.",
            "gplonly: module license 'Proprietary' taints kernel.",
            "Disabling lock debugging due to kernel taint");
    assertThat(dmesg).containsOnlyOnce("Disabling lock debugging due to kernel taint");
    int license = dmesg.indexOf("gplonly: module license 'Proprietary' taints kernel.");
    assertThat(dmesg.get(license + 1)).isEqualTo("Disabling lock debugging due to kernel taint");
  }

  @Test
  void forcedLoadWithoutForceLoadConfiguredIsEnoexec() {
    Run run = run(Era.V6_X, "insmod -f hello.conf", "kmodsim.modules.force-load = false");
    assertThat(run.errors(0)).endsWith("hello.conf: Invalid module format\n");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V4_X", "V6_X"})
  void crcMismatchIsEinvalShownAsInvalidParameters(Era era) {
    Run run = run(era, "insmod badcrc.conf");
    assertThat(run.errors(0))
        .isEqualTo("insmod: ERROR: could not insert module badcrc.conf: Invalid parameters\n");
    String printk = era == Era.V6_X ? "_printk" : "printk";
    assertThat(run.dmesg()).contains("badcrc: disagrees about version of symbol " + printk);
  }

  /**
   * 2.6.32 kernel/module.c: check_version prints "%s: disagrees about version of symbol %s" and
   * returns 0, resolve_symbol then returns NULL, and simplify_symbols prints "%s: Unknown symbol
   * %s" and fails with -ENOENT (EINVAL reaches user space only from 2.6.36 on).
   */
  @Test
  void crcMismatchIn26IsAnUnknownSymbolEnoent() {
    Run run = run(Era.V2_6, "insmod badcrc.conf");
    // module-init-tools 3.9 insmod.c main: "insmod: error inserting '%s': %li %s\n"
    assertThat(run.errors(0))
        .isEqualTo("insmod: error inserting 'badcrc.conf': -1 Unknown symbol in module\n");
    assertThat(run.dmesg())
        .containsSubsequence(
            "badcrc: disagrees about version of symbol printk", "badcrc: Unknown symbol printk");
  }

  @Test
  void era24InsmodResolvesInUserSpaceFromProcKsyms() {
    Run run =
        run(
            Era.V2_4,
            "spin 1us; insmod exporter.conf; insmod gplonly.conf;"
                + " insmod badcrc.conf; insmod importer.conf; lsmod");
    assertThat(run.errors(2))
        .isEqualTo(
            "gplonly.conf: unresolved symbol exp_internal\n"
                + "gplonly.conf: \n"
                + "Hint: You are trying to load a module without a GPL compatible license\n"
                + "      and it has unresolved symbols.  The module may be trying to access\n"
                + "      GPLONLY symbols but the problem is more likely to be a coding or\n"
                + "      user error.  Contact the module supplier for assistance, only they\n"
                + "      can help you.\n\n");
    assertThat(run.errors(3)).isEqualTo("badcrc.conf: unresolved symbol printk_Rdeadbeef\n");
    assertThat(run.at(4).exitStatus()).isZero();
    // modutils 2.4.27 lsmod.c as root: "%-20s%8lu%4ld " then the refs
    assertThat(run.at(5).output()).contains("exporter               16384   0  [importer]\n");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V4_X", "V6_X"})
  void gplOnlySymbolIsUnknownForAProprietaryModule(Era era) {
    Run run = run(era, "insmod exporter.conf; insmod gplonly.conf");
    assertThat(run.errors(1))
        .isEqualTo(couldNotInsert(era, "gplonly.conf", "Unknown symbol in module"));
    String line =
        era == Era.V6_X
            ? "gplonly: Unknown symbol exp_internal (err -2)"
            : era == Era.V4_X
                ? "gplonly: Unknown symbol exp_internal (err 0)"
                : "gplonly: Unknown symbol exp_internal";
    assertThat(run.dmesg()).contains(line);
  }

  @Test
  void missingNamespaceImportIsEinvalIn6x() {
    Run run = run(Era.V6_X, "insmod nsuser.conf");
    assertThat(run.errors(0)).endsWith("nsuser.conf: Invalid parameters\n");
    assertThat(run.dmesg())
        .contains(
            "nsuser: module uses symbol (usb_stor_suspend) from"
                + " namespace USB_STORAGE, but does not import it.");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V4_X", "V6_X"})
  void duplicateExportIsEnoexec(Era era) {
    Run run = run(era, "insmod exporter.conf; insmod dupexport.conf; lsmod");
    assertThat(run.errors(1))
        .isEqualTo(couldNotInsert(era, "dupexport.conf", "Invalid module format"));
    assertThat(run.dmesg())
        .contains("dupexport: exports duplicate symbol exp_add (owned by" + " exporter)");
    assertThat(run.at(2).output()).doesNotContain("dupexport");
  }

  @Test
  void unsignedModuleIsRejectedWhenSignaturesAreEnforced() {
    Run six = run(Era.V6_X, "insmod hello.conf", "kmodsim.modules.sig-enforce = true");
    assertThat(six.errors(0)).endsWith("hello.conf: Key was rejected by service\n");
    assertThat(six.dmesg()).contains("Loading of unsigned module is rejected");
    Run four = run(Era.V4_X, "insmod hello.conf", "kmodsim.modules.sig-enforce = true");
    assertThat(four.errors(0)).endsWith("hello.conf: Required key not available\n");
  }

  @Test
  void blacklistedModuleIsEperm() {
    Run run = run(Era.V6_X, "insmod hello.conf", "kmodsim.modules.module-blacklist = [hello]");
    assertThat(run.errors(0)).endsWith("hello.conf: Operation not permitted\n");
    assertThat(run.dmesg()).contains("Module hello is blacklisted");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V4_X", "V6_X"})
  void badParameterValuesAbortTheLoadWithTheSetterErrno(Era era) {
    Run run =
        run(
            era,
            "insmod hello.conf howmany=abc; insmod hello.conf howmany=99999999999;"
                + " insmod hello.conf tag=waytoolong; insmod hello.conf ids=1,2,3,4,5;"
                + " insmod hello.conf nosuch=1; lsmod");
    assertThat(run.errors(0)).endsWith("hello.conf: Invalid parameters\n");
    assertThat(run.errors(1)).endsWith("hello.conf: Numerical result out of range\n");
    assertThat(run.errors(2)).endsWith("hello.conf: No space left on device\n");
    assertThat(run.errors(3)).endsWith("hello.conf: Invalid parameters\n");
    assertThat(run.at(4).exitStatus()).isZero();
    assertThat(run.dmesg())
        .contains(
            "hello: `abc' invalid for parameter `howmany'",
            "hello: `waytoolong' too large for parameter `tag'",
            "ids: can only take 4 arguments",
            "hello: unknown parameter 'nosuch' ignored");
    // 4.x and 6.x: hello's exit line would be its lecture "<1>" as text (KERN_SOH levels, 3.6+).
    assertThat(run.dmesg()).doesNotContain("<1>Goodbye, cruel world");
  }

  @Test
  void unknownParameterIsEnoentIn26() {
    Run run = run(Era.V2_6, "insmod hello.conf nosuch=1");
    assertThat(run.errors(0))
        .isEqualTo("insmod: error inserting 'hello.conf': -1 Unknown symbol in module\n");
    assertThat(run.dmesg()).contains("hello: Unknown parameter `nosuch'");
  }

  @Test
  void aModuleWhoseCodeDoesNotParseIsRefusedWithTheFileAndLine(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Path file = dir.resolve("badstep.conf");
    java.nio.file.Files.writeString(
        file, "module {\n name = badstep\n init = [ \"frobnicate 1\" ]\n}\n");
    Run run = run(Era.V6_X, "insmod " + file + "; lsmod");
    assertThat(run.errors(0)).endsWith("badstep.conf: Invalid module format\n");
    assertThat(run.dmesg())
        .anyMatch(
            line ->
                line.startsWith("badstep: badstep.conf (init):1:")
                    && line.contains("frobnicate: command not found"));
    assertThat(run.at(1).output()).isEqualTo("Module                  Size  Used by\n");
  }

  @ParameterizedTest
  @EnumSource(Era.class)
  void missingFileAndBrokenFileAreReportedByInsmod(Era era) {
    Run run = run(era, "insmod nothere.conf");
    assertThat(run.errors(0))
        .isEqualTo(
            era == Era.V2_4
                ? "insmod: nothere.conf: No such file or directory\n"
                : era == Era.V2_6
                    ? "insmod: can't read 'nothere.conf': No such file or directory\n"
                    : "insmod: ERROR: could not load module nothere.conf: No such file or directory\n");
  }
}

package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;

/**
 * The 2.4 module system calls (create_module, init_module into the slot, delete_module and its NULL
 * autoclean call, query_module) with each errno, and modutils' insmod around them: its messages,
 * and the create_module/init_module window seen from another CPU.
 */
class Modules24Test {
  /**
   * modutils 2.4.27 lsmod (insmod/lsmod.c main): "Used by " and the taint state; root's lines are
   * "%-20s%8lu%4ld " and the flags, one space more than /proc/modules'.
   */
  static final String HEADER = "Module                  Size  Used by    Not tainted\n";

  static final String HINT =
      "Hint: insmod errors can be caused by incorrect module parameters,"
          + " including invalid IO or IRQ parameters.\n"
          + "      You may find more information in syslog or the output from dmesg\n";

  record Calls(List<Long> results, List<String> dmesg, List<String> output) {}

  /** Runs the lines as one program on cpu1 with {@code cred}; each line's result, dmesg, output. */
  static Calls calls(Cred cred, String... lines) {
    List<Long> results = Collections.synchronizedList(new ArrayList<>());
    ProgramSpec program = ModuleMachine.recording(cred, results, lines);
    MachineRun.Outcome outcome =
        ModuleMachine.run(ModuleMachine.spec(Era.V2_4, 2, "").withPrograms(List.of(program)), 1);
    assertThat(outcome.result().failure()).isNull();
    List<String> output = new ArrayList<>();
    for (Cpu.ProgramFinished finished : outcome.report().finishedPrograms()) {
      output.add(finished.output());
    }
    return new Calls(results, ModuleMachine.dmesg(outcome), output);
  }

  static ModuleErrnoTest.Run sh(String script) {
    return ModuleErrnoTest.run(Era.V2_4, script);
  }

  @Test
  void createModuleReturnsTheAddressOrEexistEinvalEnametoolong() {
    Calls calls =
        calls(
            Cred.root(),
            "create_module hello 20000",
            "create_module hello 20000",
            "create_module \"\" 4096",
            "create_module tiny 100",
            "create_module tiny 101",
            "create_module " + "x".repeat(4096) + " 8192",
            "create_module " + "y".repeat(4095) + " 8192");
    // sizeof(struct module) 96 + "tiny" + NUL = 101 bytes at least; a name of a page is too long.
    assertThat(calls.results())
        .containsExactly(0xd0800000L, -17L, -22L, -22L, 0xd0806000L, -36L, 0xd0808000L);
  }

  @Test
  void withoutCapSysModuleTheCallsAreEpermButQueryModuleIsNot() {
    Calls calls =
        calls(
            Cred.nobody(),
            "create_module hello 20000",
            "init_module hello hello.conf",
            "delete_module hello",
            "delete_module",
            "query_module NULL QM_MODULES");
    assertThat(calls.results()).containsExactly(-1L, -1L, -1L, -1L, 0L);
  }

  @Test
  void initModuleNeedsTheSlotOfItsNameAndSize() {
    Calls calls =
        calls(
            Cred.root(),
            "init_module hello hello.conf",
            "create_module hello 200",
            "init_module hello hello.conf",
            "delete_module hello",
            "create_module hello 16384",
            "init_module hello chardev.conf",
            "init_module \"\" hello.conf",
            "init_module hello hello.conf",
            "init_module hello hello.conf",
            "find_module hello");
    assertThat(calls.results())
        .containsExactly(-2L, 0xd0800000L, -22L, 0L, 0xd0802000L, -22L, -22L, 0L, -16L, 1L);
    assertThat(calls.dmesg())
        .contains(
            "init_module: Size of initialized module exceeds size of created module.",
            "init_module: changed module name to `chardev' from `hello'",
            "Hello, world");
  }

  @Test
  void aNameOfAPageIsEnametoolongForEveryCall() {
    String name = "z".repeat(4096);
    Calls calls =
        calls(
            Cred.root(),
            "init_module " + name + " hello.conf",
            "delete_module " + name,
            "query_module " + name + " QM_INFO");
    assertThat(calls.results()).containsExactly(-36L, -36L, -36L);
    assertThat(calls.output().get(0))
        .endsWith(", QM_INFO) = -1 ENAMETOOLONG (File name too" + " long)\n");
  }

  @Test
  void aModuleInItsInitIsInitializingWithUsecountOneAndCannotBeDeleted() {
    MachineSpec spec =
        ModuleMachine.spec(
                Era.V2_4,
                2,
                "spin 5us; cat /proc/modules;"
                    + " query_module slowinit QM_INFO; rmmod slowinit; spin 50s; cat /proc/modules")
            .withPrograms(List.of(ModuleRacesTest.program(1, "[\"insmod slowinit.conf\"]", 0)));
    MachineRun.Outcome outcome = ModuleMachine.run(spec, 1);
    List<MachineReport.ShellResult> r = outcome.report().shellResults();
    assertThat(r.get(1).output()).isEqualTo("slowinit               16384 (initializing)\n");
    assertThat(r.get(2).output())
        .isEqualTo(
            "query_module(\"slowinit\", QM_INFO) = 0, ret = 16\n"
                + "address 0xd0800000 size 16384 flags MOD_INITIALIZING usecount 1\n");
    // modutils 2.4.27 rmmod.c main: perror(argv[i]) for any errno but ENOENT
    assertThat(r.get(3).errors()).isEqualTo("slowinit: Device or resource busy\n");
    assertThat(r.get(5).output()).isEqualTo("slowinit               16384   0 (unused)\n");
  }

  @Test
  void failedInitLeavesTheModuleUninitializedUntilDeletedAndPositiveInitIsEbusy() {
    Calls calls =
        calls(
            Cred.root(),
            "create_module initfail 16384",
            "init_module initfail initfail.conf",
            "cat /proc/modules",
            "find_module initfail",
            "init_module initfail initfail.conf",
            "delete_module initfail",
            "find_module initfail",
            "create_module positive 16384",
            "init_module positive positive.conf",
            "delete_module positive",
            "delete_module nosuch",
            "delete_module \"\"");
    // cat sets no result: the -19 of init_module stays.
    assertThat(calls.results())
        .containsExactly(
            0xd0800000L, -19L, -19L, 1L, -19L, 0L, 0L, 0xd0805000L, -16L, 0L, -2L, -22L);
    assertThat(calls.output()).containsExactly("initfail               16384 (uninitialized)\n");
    assertThat(calls.dmesg()).doesNotContain("initfail: exit must never run");
  }

  @Test
  void aFailedInitKeepsItsReferencesOnItsDependenciesUntilTheSlotIsDeleted(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("badimp.conf");
    Files.writeString(
        file,
        "module {\n name = badimp\n license = \"GPL\"\n"
            + " imports = [ exp_add ]\n init = [ \"return -ENODEV\" ]\n}\n");
    ModuleErrnoTest.Run run =
        sh(
            "insmod exporter.conf; create_module badimp 16384;"
                + " init_module badimp "
                + file
                + "; cat /proc/modules; rmmod exporter;"
                + " delete_module badimp; cat /proc/modules");
    assertThat(run.at(3).output())
        .isEqualTo(
            "badimp                 16384 (uninitialized)\n"
                + "exporter               16384   0 [badimp]\n");
    assertThat(run.errors(4)).isEqualTo("exporter: Device or resource busy\n");
    assertThat(run.at(6).output()).isEqualTo("exporter               16384   0\n");
  }

  @Test
  void autocleanReapsAnUnusedModuleOnTheSecondCallOnly() {
    ModuleErrnoTest.Run run =
        sh(
            "insmod -k chardev.conf; insmod oldstyle.conf;"
                + " insmod -k hello.conf; call chardev.open; call chardev.release; cat /proc/modules;"
                + " rmmod -a; cat /proc/modules; query_module chardev QM_INFO; rmmod -a;"
                + " cat /proc/modules");
    assertThat(run.at(5).output())
        .isEqualTo(
            "hello                  16384   0 (autoclean) (unused)\n"
                + "oldstyle               16384   0 (autoclean) (unused)\n"
                + "chardev                16384   0 (autoclean)\n");
    assertThat(run.at(6).exitStatus()).isZero();
    assertThat(run.at(7).output()).isEqualTo(run.at(5).output());
    assertThat(run.at(8).output())
        .isEqualTo(
            "query_module(\"chardev\", QM_INFO) = 0, ret = 16\n"
                + "address 0xd0800000 size 16384 flags MOD_RUNNING|MOD_AUTOCLEAN|MOD_USED_ONCE"
                + " usecount 0\n");
    assertThat(run.at(10).output())
        .isEqualTo(
            "hello                  16384   0 (autoclean) (unused)\n"
                + "oldstyle               16384   0 (autoclean) (unused)\n");
    assertThat(run.dmesg()).contains("chardev: unregistered");
  }

  @Test
  void autocleanNeverReapsAModuleInUseOrOneWithoutTheFlag() {
    ModuleErrnoTest.Run run =
        sh(
            "insmod -k chardev.conf; insmod hello.conf;"
                + " call chardev.open; MOD_INC_USE_COUNT hello; MOD_DEC_USE_COUNT hello;"
                + " rmmod -a; rmmod -a; rmmod -a; cat /proc/modules");
    assertThat(run.at(8).output())
        .isEqualTo(
            "hello                  16384   0\n"
                + "chardev                16384   1 (autoclean)\n");
  }

  @Test
  void aModuleWhoseLastUserWasJustReapedGoesInTheSameCall() {
    ModuleErrnoTest.Run run =
        sh(
            "insmod -k exporter.conf; insmod -k importer.conf;"
                + " MOD_INC_USE_COUNT importer; MOD_DEC_USE_COUNT importer;"
                + " MOD_INC_USE_COUNT exporter; MOD_DEC_USE_COUNT exporter;"
                + " rmmod -a; cat /proc/modules; rmmod -a; cat /proc/modules");
    // First call: importer only loses MOD_VISITED; exporter has a user. Second call: importer
    // goes, and exporter, though visited, is MOD_JUST_FREED.
    assertThat(run.at(7).output())
        .isEqualTo(
            "importer               16384   0 (autoclean)\n"
                + "exporter               16384   0 (autoclean) [importer]\n");
    assertThat(run.at(9).output()).isEmpty();
  }

  @Test
  void autocleanWithoutCapSysModuleIsEperm() {
    ModuleErrnoTest.Run run = sh("su nobody; rmmod -a");
    assertThat(run.errors(1)).isEqualTo("rmmod: Operation not permitted\n");
    assertThat(run.at(1).exitStatus()).isEqualTo(1);
  }

  @Test
  void queryModuleAnswersEachWhichAndPrintsIt() {
    ModuleErrnoTest.Run run =
        sh(
            "insmod -k exporter.conf; insmod importer.conf;"
                + " create_module slot 4096; query_module NULL 0; query_module NULL QM_MODULES;"
                + " query_module NULL QM_MODULES 10; query_module importer QM_DEPS;"
                + " query_module exporter QM_REFS; query_module exporter QM_SYMBOLS;"
                + " query_module exporter QM_SYMBOLS 20; query_module exporter QM_INFO;"
                + " query_module slot QM_INFO; query_module slot QM_DEPS; query_module NULL QM_INFO;"
                + " query_module nosuch QM_INFO; query_module exporter 9;"
                + " query_module exporter QM_INFO 8; query_module NULL QM_SYMBOLS");
    assertThat(run.at(3).output()).isEqualTo("query_module(NULL, 0) = 0\n");
    assertThat(run.at(4).output())
        .isEqualTo("query_module(NULL, QM_MODULES) = 0, ret = 3\n" + "slot\nimporter\nexporter\n");
    assertThat(run.at(5).output())
        .isEqualTo(
            "query_module(NULL, QM_MODULES, 10) = -1 ENOSPC"
                + " (No space left on device), ret = 23\n");
    assertThat(run.at(6).output())
        .isEqualTo("query_module(\"importer\", QM_DEPS) = 0, ret = 1\n" + "exporter\n");
    assertThat(run.at(7).output())
        .isEqualTo("query_module(\"exporter\", QM_REFS) = 0, ret = 1\n" + "importer\n");
    assertThat(run.at(8).output())
        .isEqualTo(
            "query_module(\"exporter\", QM_SYMBOLS) = 0,"
                + " ret = 2\nd0800010 exp_add_R5a1c0f3e\nd0800050 GPLONLY_exp_internal_R0badf00d\n");
    assertThat(run.at(9).output())
        .isEqualTo(
            "query_module(\"exporter\", QM_SYMBOLS, 20) = -1"
                + " ENOSPC (No space left on device), ret = 65\n");
    assertThat(run.at(10).output())
        .isEqualTo(
            "query_module(\"exporter\", QM_INFO) = 0,"
                + " ret = 16\naddress 0xd0800000 size 16384 flags MOD_RUNNING|MOD_AUTOCLEAN"
                + "|MOD_USED_ONCE usecount 0\n");
    assertThat(run.at(11).output())
        .isEqualTo(
            "query_module(\"slot\", QM_INFO) = 0, ret = 16\n"
                + "address 0xd080a000 size 4096 flags MOD_UNINITIALIZED usecount 0\n");
    assertThat(run.at(12).output()).isEqualTo("query_module(\"slot\", QM_DEPS) = 0, ret = 0\n");
    assertThat(run.at(13).output())
        .isEqualTo("query_module(NULL, QM_INFO) = -1 EINVAL" + " (Invalid argument)\n");
    assertThat(run.at(14).output())
        .isEqualTo(
            "query_module(\"nosuch\", QM_INFO) = -1 ENOENT" + " (No such file or directory)\n");
    assertThat(run.at(15).output())
        .isEqualTo("query_module(\"exporter\", 9) = -1 EINVAL" + " (Invalid argument)\n");
    assertThat(run.at(16).output())
        .isEqualTo(
            "query_module(\"exporter\", QM_INFO, 8) = -1"
                + " ENOSPC (No space left on device), ret = 16\n");
    assertThat(run.at(17).output())
        .startsWith("query_module(NULL, QM_SYMBOLS) = 0, ret = ")
        .containsPattern("\n[0-9a-f]{8} printk_R[0-9a-f]{8}\n");
  }

  @Test
  void queryModuleAndCreateModuleAreEnosysFrom26On() {
    for (Era era : new Era[] {Era.V2_6, Era.V4_X, Era.V6_X}) {
      assertThat(
              SyscallsTest.results(
                  era,
                  "create_module hello 20000",
                  "query_module NULL QM_MODULES",
                  "query_module NULL 0"))
          .as("%s", era)
          .containsExactly(-38L, -38L, -38L);
    }
  }

  @Test
  void insmodPrintsModutilsUsageSearchAndTaintMessages() {
    ModuleErrnoTest.Run run =
        sh(
            "insmod; insmod nosuch; insmod hello; insmod -f -k chardev.conf;"
                + " insmod -q gplonly.conf; lsmod");
    // modutils insmod/insmod.c insmod_usage()
    assertThat(run.errors(0))
        .startsWith(
            "Usage:\ninsmod [-fhkLmnpqrsSvVxXyY] [-e persist_name] [-o module_name] [-O blob_name]"
                + " [-P prefix] module [ symbol=value ... ]\n");
    assertThat(run.at(0).exitStatus()).isEqualTo(1);
    assertThat(run.errors(1)).isEqualTo("insmod: nosuch: no module by that name found\n");
    assertThat(run.at(2).output()).isEqualTo("Using /lib/modules/2.4.37/hello.conf\n");
    assertThat(run.at(3).output())
        .isEqualTo(
            "Warning: loading chardev.conf will taint the kernel: forced load\n"
                + "  See http://www.tux.org/lkml/#export-tainted for information about tainted"
                + " modules\n"
                + "Module chardev loaded, with warnings\n");
    assertThat(run.errors(4)).isEmpty();
    assertThat(run.at(4).exitStatus()).isEqualTo(1);
    // insmod -f wrote TAINT_FORCED_MODULE into /proc/sys/kernel/tainted itself.
    assertThat(run.at(5).output())
        .isEqualTo(
            "Module                  Size  Used by    Tainted: GF \n"
                + "chardev                16384   0  (autoclean) (unused)\n"
                + "hello                  16384   0  (unused)\n");
  }

  /**
   * modutils insmod/insmod.c: process_module_arguments runs in user space after
   * check_tainted_module, its error() prefixed by the file (error_file = filename), exit 1 before
   * create_module; the kernel sees no argument string and prints nothing. The taint set_tainted
   * wrote stays (oldstyle has no licence: P, 1).
   */
  @Test
  void insmodParsesMODULE_PARMValuesInUserSpaceWithItsOwnMessages() {
    ModuleErrnoTest.Run run =
        sh(
            "insmod oldstyle.conf foo=1; insmod oldstyle.conf irq=1,2,3,4,5;"
                + " insmod oldstyle.conf io=0x3z0; insmod oldstyle.conf name='\"open';"
                + " cat /proc/sys/kernel/tainted; dmesg; lsmod;"
                + " insmod oldstyle.conf irq=3,5 io=0x300 name='\"a b\"' unused; lsmod");
    String warning =
        "Warning: loading oldstyle.conf will taint the kernel: no license\n"
            + "  See http://www.tux.org/lkml/#export-tainted for information about tainted"
            + " modules\n";
    assertThat(run.at(0).output()).isEqualTo(warning);
    assertThat(run.errors(0)).isEqualTo("oldstyle.conf: invalid parameter parm_foo\n");
    assertThat(run.errors(1)).isEqualTo("oldstyle.conf: too many values for irq (max 4)\n");
    assertThat(run.errors(2)).isEqualTo("oldstyle.conf: invalid argument syntax for io: 'z'\n");
    assertThat(run.errors(3))
        .isEqualTo("oldstyle.conf: improperly terminated string argument for name\n");
    for (int i = 0; i < 4; i++) {
      assertThat(run.at(i).exitStatus()).as("insmod %d", i).isEqualTo(1);
    }
    assertThat(run.at(4).output()).isEqualTo("1\n");
    assertThat(run.at(5).output()).doesNotContain("parameter").doesNotContain("oldstyle");
    assertThat(run.at(6).output()).doesNotContain("oldstyle");
    assertThat(run.at(7).exitStatus()).isZero();
    assertThat(run.at(7).output()).isEqualTo(warning + "Module oldstyle loaded, with warnings\n");
    assertThat(run.at(8).output()).contains("oldstyle ");
  }

  /**
   * modutils insmod/insmod.c insmod_main's getopt_long loop, glibc 2.3's message (posix/getopt.c:
   * no quotes around the letter), then insmod_usage(), exit 1, nothing loaded; -V prints the
   * version on stderr and goes on to load.
   */
  @Test
  void insmodRefusesABadOptionAsGlibc23sGetoptDid() {
    ModuleErrnoTest.Run run = sh("insmod -x hello.conf; lsmod; insmod -V hello.conf; lsmod");
    assertThat(run.errors(0)).isEqualTo("insmod: -x is not modelled\n");
    assertThat(run.at(0).exitStatus()).isEqualTo(2);
    run = sh("insmod -Q hello.conf; lsmod; insmod -V hello.conf; lsmod");
    assertThat(run.errors(0)).startsWith("insmod: invalid option -- Q\nUsage:\ninsmod [-fh");
    assertThat(run.at(0).exitStatus()).isEqualTo(1);
    assertThat(run.at(1).output()).doesNotContain("hello");
    assertThat(run.errors(2)).isEqualTo("insmod version 2.4.27\n");
    assertThat(run.at(2).exitStatus()).isZero();
    assertThat(run.at(3).output()).contains("hello ");
  }

  @Test
  void insmodReportsAFailedInitWithTheHintAndDeletesTheSlot() {
    ModuleErrnoTest.Run run = sh("insmod initfail.conf; cat /proc/modules");
    assertThat(run.errors(0)).isEqualTo("initfail.conf: init_module: No such device\n");
    assertThat(run.at(0).output()).isEqualTo(HINT);
    assertThat(run.at(0).exitStatus()).isEqualTo(1);
    assertThat(run.at(1).output()).isEmpty();
  }

  /** Another CPU, 800 ns into insmod's relocation (1.6 us after create_module). */
  static MachineRun.Outcome window(String other, long seed) {
    MachineSpec spec =
        ModuleMachine.spec(Era.V2_4, 2, "insmod hello.conf; lsmod")
            .withPrograms(List.of(ModuleRacesTest.program(1, "[\"" + other + "\"]", 800)));
    MachineRun.Outcome outcome = ModuleMachine.run(spec, seed);
    assertThat(outcome.result().failure()).isNull();
    assertThat(outcome.result().violations()).isEmpty();
    return outcome;
  }

  static Cpu.ProgramFinished program(MachineRun.Outcome outcome) {
    return outcome.report().finishedPrograms().stream()
        .filter(p -> p.program().equals("user1"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anotherCpuSeesTheModuleUninitializedBetweenCreateAndInit() {
    for (long seed = 1; seed <= 5; seed++) {
      MachineRun.Outcome outcome = window("lsmod", seed);
      assertThat(program(outcome).output())
          .isEqualTo(HEADER + "hello                  16384   0  (uninitialized)\n");
      assertThat(outcome.report().shellResults().get(1).output())
          .isEqualTo(HEADER + "hello                  16384   0  (unused)\n");
    }
  }

  @Test
  void anotherCpuCanDeleteTheUninitializedModuleAndInsmodsInitModuleIsEnoent() {
    MachineRun.Outcome outcome = window("rmmod hello", 1);
    assertThat(program(outcome).exitStatus()).isZero();
    MachineReport.ShellResult insmod = outcome.report().shellResults().get(0);
    assertThat(insmod.errors()).isEqualTo("hello.conf: init_module: No such file or directory\n");
    assertThat(insmod.output()).isEqualTo(HINT);
    assertThat(outcome.report().shellResults().get(1).output()).isEqualTo(HEADER);
  }

  @Test
  void aSecondInsmodOfTheNameGetsEexistFromCreateModuleOrSeesTheModuleFirst() {
    MachineSpec spec =
        ModuleMachine.spec(Era.V2_4, 2, "")
            .withPrograms(
                List.of(
                    ModuleRacesTest.program(0, "[\"insmod hello.conf\"]", 0),
                    ModuleRacesTest.program(
                        1, "[\"insmod hello.conf\", \"spin 10us\", \"lsmod\"]", 0)));
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    for (long seed = 1; seed <= 60; seed++) {
      MachineRun.Outcome outcome = ModuleMachine.run(spec, seed);
      assertThat(outcome.result().violations()).isEmpty();
      List<Cpu.ProgramFinished> both = outcome.report().finishedPrograms();
      assertThat(both).hasSize(2);
      int exits = both.get(0).exitStatus() + both.get(1).exitStatus();
      String errors = both.get(0).errors() + both.get(1).errors();
      String kind;
      if (outcome.result().coverage().containsKey("create_module-eexist")) {
        // modutils: EEXIST from create_module means a simultaneous insmod: success, silently.
        assertThat(exits).isZero();
        assertThat(errors).isEmpty();
        kind = "eexist-from-create_module";
      } else {
        assertThat(exits).isEqualTo(1);
        assertThat(errors).isEqualTo("insmod: a module named hello already exists\n");
        kind = "already-listed";
      }
      // One hello, loaded, whichever insmod filled it.
      assertThat(program(outcome).output())
          .as("seed %d", seed)
          .endsWith(HEADER + "hello                  16384   0  (unused)\n");
      outcomes.merge(kind, 1, Integer::sum);
    }
    assertThat(outcomes).containsKeys("eexist-from-create_module", "already-listed");
  }

  @Test
  void modprobeInsmodsEachModuleTheModutilsWayAndTakesDashK() {
    ModuleErrnoTest.Run run = sh("depmod; modprobe -k importer; lsmod; modprobe initfail");
    assertThat(run.at(2).output())
        .isEqualTo(
            HEADER
                + "importer               16384   0  (autoclean) (unused)\n"
                + "exporter               16384   0  (autoclean) [importer]\n");
    assertThat(run.errors(3))
        .isEqualTo(
            "/lib/modules/2.4.37/initfail.conf: init_module: No such device\n"
                + "/lib/modules/2.4.37/initfail.conf: insmod /lib/modules/2.4.37/initfail.conf"
                + " failed\n"
                + "/lib/modules/2.4.37/initfail.conf: insmod initfail failed\n");
    assertThat(run.at(3).output()).isEqualTo(HINT);
    assertThat(run.at(3).exitStatus()).isEqualTo(255);
  }
}

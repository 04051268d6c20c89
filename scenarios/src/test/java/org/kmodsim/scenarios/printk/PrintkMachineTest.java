package org.kmodsim.scenarios.printk;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.Step;
import org.kmodsim.drivers.PrintkSubsystem;
import org.kmodsim.drivers.tty.ConsoleSink;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.printk.PrintkCall;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;
import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.userspace.rootfs.LogTools;

/** printk, consoles and delivery modes on a booted machine, on the virtual clock. */
@org.junit.jupiter.api.Timeout(120) // a safety net against a model that loops, not a speed goal
class PrintkMachineTest {
  static final long SECOND = 1_000_000_000L;
  static final String HUNDRED = "x".repeat(100);

  /** One run: its calls, its console transcript, its outcome. */
  static final class Run {
    final List<PrintkCall> calls = Collections.synchronizedList(new ArrayList<>());
    final ConsoleSink.Capture console = new ConsoleSink.Capture();
    MachineRun.Outcome outcome;

    List<MachineReport.ShellResult> shell() {
      return outcome.report().shellResults();
    }

    PrintkCall call(int cpu, int index) {
      return calls.stream().filter(c -> c.cpu() == cpu).skip(index).findFirst().orElseThrow();
    }
  }

  static Config config(String... overrides) {
    return ConfigFactory.parseString(String.join("\n", overrides))
        .withFallback(ConfigFactory.load());
  }

  static ProgramSpec program(int cpu, long startAt, String... lines) {
    Function<Commands, List<Step>> steps =
        commands -> {
          List<Step> list = new ArrayList<>();
          for (String line : lines) {
            list.add(commands.parse(line));
          }
          return list;
        };
    return new ProgramSpec(cpu, "p" + cpu, steps, startAt, Cred.root());
  }

  static Run run(Config config, Era era, int cpus, List<ProgramSpec> programs, String script) {
    Run run = new Run();
    MachineSpec spec =
        new MachineSpec(
            config,
            era,
            cpus,
            List.of(new PrintkSubsystem(run.calls::add, run.console), new LogTools()),
            programs,
            script.isEmpty() ? List.of() : CommandLine.splitList(script),
            Cred.root(),
            0);
    run.outcome = MachineRun.run(spec, RunSpec.deterministic(7));
    return run;
  }

  @Test
  void directDeliveryCostsTheCallerExactlyItsCharactersTimesTenBitsAt9600Baud() {
    Run run =
        run(
            config("kmodsim.printk.delivery = direct", "kmodsim.printk.time = false"),
            Era.V6_X,
            1,
            List.of(program(0, SECOND, "printk KERN_INFO '" + HUNDRED + "'")),
            "");
    // 100 characters + "\r\n" = 102 characters x 10 bits / 9600 bit/s = 106.25 ms exactly.
    assertThat(run.call(0, 0).latencyNanos()).isEqualTo(102L * 10 * SECOND / 9600);
    assertThat(run.call(0, 0).ownPrintNanos()).isEqualTo(106_250_000L);
    assertThat(run.console.text()).endsWith(HUNDRED + "\n");
  }

  @Test
  void lockOwnerPrintsTheRecordsOfOtherCpusWhileTheyReturnAtOnce() {
    Run run =
        run(
            config("kmodsim.printk.delivery = lock-owner", "kmodsim.printk.time = false"),
            Era.V4_X,
            2,
            List.of(
                program(0, SECOND, "printk KERN_INFO '" + HUNDRED + "'"),
                program(1, SECOND + 1_000_000, "printk KERN_INFO '" + HUNDRED + "'")),
            "");
    PrintkCall owner = run.call(0, 0);
    PrintkCall other = run.call(1, 0);
    assertThat(other.latencyNanos()).isZero();
    assertThat(owner.ownPrintNanos()).isEqualTo(106_250_000L);
    assertThat(owner.othersPrintNanos()).isEqualTo(106_250_000L);
    assertThat(owner.latencyNanos()).isEqualTo(212_500_000L);
  }

  @Test
  void handoverMakesTheLaterCallerSpinThenPrintTheBacklog() {
    Run run =
        run(
            config("kmodsim.printk.delivery = handover", "kmodsim.printk.time = false"),
            Era.V4_X,
            2,
            List.of(
                program(0, SECOND, "printk KERN_INFO '" + HUNDRED + "'"),
                program(1, SECOND + 6_250_000, "printk KERN_INFO '" + HUNDRED + "'")),
            "");
    PrintkCall first = run.call(0, 0);
    PrintkCall second = run.call(1, 0);
    assertThat(first.latencyNanos()).isEqualTo(106_250_000L); // returns after its own record
    assertThat(second.spinNanos()).isEqualTo(100_000_000L); // the rest of cpu0's record
    assertThat(second.ownPrintNanos()).isEqualTo(106_250_000L);
    assertThat(second.latencyNanos()).isEqualTo(206_250_000L);
  }

  @Test
  void threadedDeliveryKeepsCallerLatencyFlatWhileTheConsoleIsSaturated() {
    String[] lines = new String[50];
    java.util.Arrays.fill(lines, "printk KERN_INFO '" + HUNDRED + "'");
    Run run =
        run(
            config("kmodsim.printk.delivery = threaded"),
            Era.V6_X,
            2,
            List.of(program(0, SECOND, lines), program(1, SECOND, lines)),
            "");
    assertThat(run.calls).hasSize(100);
    assertThat(run.calls).allSatisfy(call -> assertThat(call.latencyNanos()).isZero());
  }

  @Test
  void consoleShowsOnlyLevelsBelowConsoleLoglevelWhenItPrints() {
    Run run =
        run(
            config("kmodsim.printk.time = false", "kmodsim.console = [capture]"),
            Era.V6_X,
            1,
            List.of(),
            "echo 4 > /proc/sys/kernel/printk; printk KERN_INFO 'info hidden'; printk KERN_ERR 'error shown';"
                + " printk KERN_WARNING 'warning hidden'; cat /proc/sys/kernel/printk");
    assertThat(run.console.text()).contains("error shown").doesNotContain("hidden");
    assertThat(run.shell().get(4).output()).isEqualTo("4\t4\t1\t7\n");
  }

  @Test
  void overflowAccountingAddsUpOnTheConsole() {
    String[] lines = new String[2001];
    java.util.Arrays.fill(lines, "printk KERN_INFO '" + HUNDRED + "'");
    lines[2000] = "spin 60s";
    Run run =
        run(
            config(
                "kmodsim.printk.delivery = threaded",
                "kmodsim.printk.time = false",
                "kmodsim.console = [\"ttyS0,115200n8\"]"),
            Era.V6_X,
            1,
            List.of(program(0, SECOND, lines)),
            "");
    String text = run.console.text();
    long printed = text.lines().filter(l -> l.equals(HUNDRED)).count();
    long dropped =
        text.lines()
            .filter(l -> l.startsWith("** "))
            .mapToLong(l -> Long.parseLong(l.split(" ")[1]))
            .sum();
    long droppedByCalls = run.calls.stream().mapToLong(PrintkCall::droppedRecords).sum();
    assertThat(dropped).isPositive();
    assertThat(printed + dropped).isEqualTo(2000);
    assertThat(droppedByCalls).isEqualTo(dropped);
  }

  @Test
  void panicPrintsTheMessageStopsTheMachineAndHalts() {
    Run run =
        run(
            config("kmodsim.printk.time = false"),
            Era.V6_X,
            2,
            List.of(
                program(0, SECOND, "printk KERN_INFO 'before'", "panic it broke"),
                program(1, 0, "spin 100s")),
            "");
    assertThat(run.outcome.result().end()).isEqualTo(EndReason.HALTED);
    assertThat(run.outcome.result().haltReason()).isEqualTo("Kernel panic - not syncing: it broke");
    // kernel/panic.c panic(): the line, dump_stack() (CONFIG_DEBUG_BUGVERBOSE), the end marker
    assertThat(run.console.text())
        .endsWith(
            "before\nKernel panic - not syncing: it broke\n"
                + "CPU: 0 UID: 0 PID: 1000 Comm: cpu0 Not tainted 6.12.0 #1\n"
                + "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS"
                + " 1.16.3-debian-1.16.3-2 04/01/2014\n"
                + "Call Trace:\n <TASK>\n dump_stack_lvl\n panic\n </TASK>\n"
                + "---[ end Kernel panic - not syncing: it broke ]---\n");
  }

  @Test
  void dmesgAndSyslogFollowTheEraAndTheCapabilities() {
    Run run =
        run(
            config("kmodsim.printk.time = true", "kmodsim.console = []"),
            Era.V6_X,
            1,
            List.of(),
            "printk KERN_INFO 'hello %s' world; dmesg; dmesg -r -l info; su nobody; dmesg -C;"
                + " syslog 9; dmesg; su root; echo 1 > /proc/sys/kernel/dmesg_restrict; su nobody;"
                + " dmesg; syslog 10");
    List<MachineReport.ShellResult> shell = run.shell();
    assertThat(shell.get(1).output()).matches("\\[ +\\d+\\.\\d{6}\\] hello world\n");
    assertThat(shell.get(2).output()).matches("<6>\\[ +\\d+\\.\\d{6}\\] hello world\n");
    assertThat(shell.get(4).errors()).isEqualTo("dmesg: klogctl failed: Operation not permitted\n");
    assertThat(shell.get(5).errors()).isEqualTo("syslog: Operation not permitted\n");
    assertThat(shell.get(6).output()).contains("hello world");
    assertThat(shell.get(10).errors())
        .isEqualTo("dmesg: read kernel buffer failed: Operation not permitted\n");
    assertThat(shell.get(10).exitStatus()).isEqualTo(1);
    assertThat(shell.get(11).errors()).isEqualTo("syslog: Operation not permitted\n");
  }

  @Test
  void dmesgFiltersAndRefusesAsUtilLinux2381() {
    // sys-utils/dmesg.c main: -t prints no timestamp, -k the kernel facility only, "--level="
    // an empty level set (nothing), a bad option getopt's message, errtryhelp and exit 1
    Run run =
        run(
            config("kmodsim.printk.time = true", "kmodsim.console = []"),
            Era.V6_X,
            1,
            List.of(),
            "printk KERN_INFO 'hello'; dmesg -t -k; dmesg --level=; dmesg -t -u; dmesg --foo;"
                + " dmesg -l foo,err; dmesg -S -r -l info");
    List<MachineReport.ShellResult> shell = run.shell();
    assertThat(shell.get(1).output()).isEqualTo("hello\n");
    assertThat(shell.get(2).output()).isEmpty();
    assertThat(shell.get(3).output()).isEmpty();
    assertThat(shell.get(4).errors())
        .isEqualTo(
            "dmesg: unrecognized option '--foo'\nTry 'dmesg --help' for more information.\n");
    assertThat(shell.get(4).exitStatus()).isEqualTo(1);
    assertThat(shell.get(5).errors()).isEqualTo("dmesg: unknown level 'foo,err'\n");
    assertThat(shell.get(6).errors())
        .isEqualTo(
            "dmesg: --raw can be used together with --level or --facility only when reading"
                + " messages from /dev/kmsg\n");
  }

  @Test
  void klogdReadsWithActionTwoSetsTheConsoleLevelAndKeepsTheLog() {
    Run run =
        run(
            config(
                "kmodsim.klogd.enabled = true",
                "kmodsim.klogd.console-level = 1",
                "kmodsim.printk.time = false",
                "kmodsim.console = []"),
            Era.V6_X,
            1,
            List.of(),
            "printk KERN_ERR 'disk on fire'; spin 1ms; cat /var/log/kern.log; cat /proc/sys/kernel/printk");
    assertThat(run.shell().get(2).output())
        .endsWith("Jan  1 00:00:00 kmodsim kernel: disk on fire\n");
    assertThat(run.shell().get(3).output()).isEqualTo("1\t4\t1\t7\n");
  }

  @Test
  void devKmsgReadsOneRecordPerLineAndWritesUserRecords() {
    Run run =
        run(
            config("kmodsim.console = []"),
            Era.V6_X,
            1,
            List.of(),
            "echo '<5>from user' > /dev/kmsg; echo plain > /dev/kmsg; cat /dev/kmsg; su nobody;"
                + " echo x > /dev/kmsg; cat /proc/kmsg");
    String kmsg = run.shell().get(2).output();
    assertThat(kmsg).containsPattern("(?m)^13,\\d+,\\d+,-;from user$");
    assertThat(kmsg).containsPattern("(?m)^12,\\d+,\\d+,-;plain$");
    assertThat(run.shell().get(4).errors()).isEqualTo("bash: /dev/kmsg: Permission denied\n");
    assertThat(run.shell().get(5).errors()).isEqualTo("cat: /proc/kmsg: Permission denied\n");
  }

  /**
   * kernel/printk/printk.c (4.9+): devkmsg_log_str is "ratelimit" by default; devkmsg_write ignores
   * user records when it is "off" (returning the length); devkmsg_sysctl_set_loglvl takes on, off
   * or ratelimit by prefix and refuses trailing text ("err + 1 != *lenp") with EINVAL.
   */
  @Test
  void printkDevkmsgSwitchesUserLoggingOffAndOn() {
    Run run =
        run(
            config("kmodsim.console = []"),
            Era.V6_X,
            1,
            List.of(),
            "cat /proc/sys/kernel/printk_devkmsg; echo off > /proc/sys/kernel/printk_devkmsg;"
                + " echo lost > /dev/kmsg; echo onx > /proc/sys/kernel/printk_devkmsg;"
                + " echo on > /proc/sys/kernel/printk_devkmsg; echo kept > /dev/kmsg;"
                + " cat /proc/sys/kernel/printk_devkmsg; cat /dev/kmsg");
    assertThat(run.shell().get(0).output()).isEqualTo("ratelimit\n");
    assertThat(run.shell().get(2).exitStatus()).isZero();
    assertThat(run.shell().get(3).errors())
        .isEqualTo("bash: echo: write error: Invalid argument\n");
    assertThat(run.shell().get(6).output()).isEqualTo("on\n");
    String kmsg = run.shell().get(7).output();
    assertThat(kmsg).containsPattern("(?m);kept$").doesNotContain("lost");
  }

  @Test
  void everyCatOfDevKmsgOpensAtTheOldestRecordStillStoredAndStopsAtTheNewest() {
    String[] lines = new String[5000]; // more than the 4096 descriptors of 128 KiB
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "printk KERN_INFO 'record " + i + "'";
    }
    Run run =
        run(
            config("kmodsim.console = []"),
            Era.V6_X,
            2,
            List.of(program(1, SECOND, lines)),
            "spin 3s; cat /dev/kmsg; cat /dev/kmsg");
    String first = run.shell().get(1).output();
    assertThat(run.shell().get(2).output()).isEqualTo(first); // no reader changes the others
    List<Long> seqs = first.lines().map(l -> Long.parseLong(l.split(",")[1])).toList();
    assertThat(seqs.get(0)).isPositive(); // the oldest records were overwritten
    assertThat(seqs)
        .isEqualTo(
            java.util.stream.LongStream.range(seqs.get(0), seqs.get(0) + seqs.size())
                .boxed()
                .toList());
    assertThat(first).endsWith(";record 4999\n");
  }

  @Test
  void procKmsgConsumesWhatItReads() {
    Run run =
        run(
            config("kmodsim.console = []", "kmodsim.printk.time = false"),
            Era.V6_X,
            1,
            List.of(),
            "printk KERN_INFO 'one'; cat /proc/kmsg; printk KERN_CRIT 'two'; syslog 2 100");
    assertThat(run.shell().get(1).output()).isEqualTo("<6>one\n");
    assertThat(run.shell().get(3).output()).isEqualTo("<2>two\n");
  }

  @Test
  void printkOnceAndTheFloatingPointWarning() {
    Run run =
        run(
            config("kmodsim.console = [capture]", "kmodsim.printk.time = false"),
            Era.V6_X,
            1,
            List.of(),
            "printk_once KERN_INFO 'only once'; printk_once KERN_INFO 'only once';"
                + " printk KERN_INFO 'pi is %f' 3");
    String text = run.console.text();
    assertThat(text.lines().filter(l -> l.equals("only once"))).hasSize(1);
    assertThat(text).contains("Please remove unsupported %f in format string\npi is \n");
  }

  @Test
  void oopsIsAViolationAndPanicsWithPanicOnOops() {
    Run killed =
        run(
            config("kmodsim.console = [capture]", "kmodsim.printk.time = false"),
            Era.V6_X,
            1,
            List.of(),
            "oops use after free; true");
    assertThat(killed.shell().get(0).exitStatus()).isEqualTo(137);
    assertThat(killed.outcome.result().violations()).hasSize(1);
    assertThat(killed.console.text())
        .contains("BUG: use after free\n")
        .contains("---[ end trace 0000000000000000 ]---\n");
    Run panicked =
        run(
            config(
                "kmodsim.console = [capture]",
                "kmodsim.printk.time = false",
                "kmodsim.printk.panic-on-oops = true"),
            Era.V6_X,
            2,
            List.of(),
            "oops use after free");
    assertThat(panicked.outcome.result().haltReason())
        .isEqualTo("Kernel panic - not syncing: Fatal exception");
  }

  /**
   * 2.4 has no panic_on_oops: arch/i386/kernel/traps.c die() of 2.4.27 and of kernel.org's 2.4.32
   * prints {@code "%s: %04lx\n"} and the registers, then {@code do_exit(SIGSEGV)}; neither tree has
   * a panic_on_oops variable or sysctl. The key changes nothing there: the task is killed.
   */
  @Test
  void panicOnOopsDoesNotExistIn24TheOopsKillsTheTask() {
    Run run =
        run(
            config(
                "kmodsim.console = [capture]",
                "kmodsim.printk.time = false",
                "kmodsim.printk.panic-on-oops = true"),
            Era.V2_4,
            1,
            List.of(),
            "oops use after free; true");
    assertThat(run.shell().get(0).exitStatus()).isEqualTo(137);
    assertThat(run.outcome.result().haltReason()).isEqualTo("all programs finished");
    assertThat(run.console.text()).contains("BUG: use after free\n").doesNotContain("Kernel panic");
  }

  @Test
  void oldErasReadTheLogThroughSyslogActionThreeAndPrintNoDropLine() {
    Run run =
        run(
            config("kmodsim.console = []", "kmodsim.printk.time = false"),
            Era.V2_4,
            1,
            List.of(),
            "printk KERN_WARNING 'old kernel'; dmesg; dmesg -r; cat /dev/kmsg");
    assertThat(run.shell().get(1).output()).isEqualTo("old kernel\n");
    // util-linux 2.11y's getopt string is "cn:s:": no -r (glibc 2.3's unquoted message)
    assertThat(run.shell().get(2).errors())
        .isEqualTo("dmesg: invalid option -- r\nUsage: dmesg [-c] [-n level] [-s bufsize]\n");
    assertThat(run.shell().get(2).exitStatus()).isEqualTo(1);
    assertThat(run.shell().get(3).errors())
        .isEqualTo("cat: /dev/kmsg: No such file or directory\n");
  }

  /**
   * 2.6.32's dmesg is util-linux-ng 2.17.2's (sys-utils/dmesg.c main): -c reads and clears with
   * action 4, -r keeps the prefixes, -n calls action 8 and prints nothing (the kernel refuses 0:
   * perror's "klogctl: Invalid argument"), -h is not an option; an unprivileged -c fails with
   * "klogctl: Operation not permitted".
   */
  @Test
  void era26DmesgIsUtilLinuxNg2172s() {
    Run run =
        run(
            config("kmodsim.console = []", "kmodsim.printk.time = false"),
            Era.V2_6,
            1,
            List.of(),
            "printk KERN_WARNING 'one'; printk KERN_INFO 'two'; dmesg -r; su nobody; dmesg -c; su root; dmesg -c;"
                + " dmesg; dmesg -n 0; dmesg -n 8; dmesg -h");
    List<MachineReport.ShellResult> shell = run.shell();
    assertThat(shell.get(2).output()).isEqualTo("<4>one\n<6>two\n");
    assertThat(shell.get(4).errors()).isEqualTo("klogctl: Operation not permitted\n");
    assertThat(shell.get(4).exitStatus()).isEqualTo(1);
    assertThat(shell.get(6).output()).isEqualTo("one\ntwo\n");
    assertThat(shell.get(7).output()).isEmpty(); // cleared by -c
    assertThat(shell.get(8).errors()).isEqualTo("klogctl: Invalid argument\n");
    assertThat(shell.get(9).output()).isEmpty();
    assertThat(shell.get(9).exitStatus()).isZero();
    assertThat(shell.get(10).errors())
        .isEqualTo(
            "dmesg: invalid option -- 'h'\nUsage: dmesg [-c] [-n level] [-r] [-s bufsize]\n");
  }

  @Test
  void aConsoleRegisteredWithPrintbufferReplaysTheBootLog() {
    Run run =
        run(
            config("kmodsim.console = [capture, ttynull]", "kmodsim.printk.time = false"),
            Era.V6_X,
            1,
            List.of(),
            "true");
    assertThat(run.console.text("capture"))
        .isEqualTo(
            "printk: legacy console [capture] enabled\nprintk: legacy console [ttynull] enabled\n");
  }

  /** Every call returns and every visible record reaches the console once, in every mode. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"direct", "lock-owner", "handover", "threaded"})
  void everyModeAnswersEveryCallAndPrintsEveryVisibleRecordOnce(String mode) {
    for (long seed = 1; seed <= 4; seed++) {
      List<ProgramSpec> programs = new ArrayList<>();
      for (int cpu = 0; cpu < 3; cpu++) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          int level = new int[] {3, 6, 7}[(i + cpu) % 3];
          lines.add(
              "printk "
                  + org.kmodsim.kernel.printk.Loglevel.of(level).name()
                  + " 'cpu"
                  + cpu
                  + " record "
                  + i
                  + "'");
          lines.add("spin " + (1 + (i * 7 + cpu * 3) % 5) + "ms");
        }
        lines.add("spin 10s");
        programs.add(program(cpu, SECOND, lines.toArray(new String[0])));
      }
      Run run = new Run();
      MachineSpec spec =
          new MachineSpec(
              config(
                  "kmodsim.printk.delivery = " + mode,
                  "kmodsim.printk.time = false",
                  "kmodsim.console = [\"ttyS0,115200n8\"]"),
              Era.V6_X,
              3,
              List.of(new PrintkSubsystem(run.calls::add, run.console), new LogTools()),
              programs,
              List.of(),
              Cred.root(),
              0);
      run.outcome = MachineRun.run(spec, RunSpec.deterministic(seed));
      assertThat(run.outcome.result().haltReason())
          .as("seed %d: %s after %d calls", seed, run.outcome.result().end(), run.calls.size())
          .isEqualTo("all programs finished");
      assertThat(run.calls).as("seed %d", seed).hasSize(60);
      List<String> printed =
          run.console
              .text()
              .lines()
              .filter(l -> l.startsWith("cpu"))
              .collect(java.util.stream.Collectors.toList());
      assertThat(printed).as("seed %d", seed).hasSize(40).doesNotHaveDuplicates();
    }
  }

  @Test
  void klogdAlsoAppendsToAHostFileWhenConfigured(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("kern.log");
    run(
        config(
            "kmodsim.klogd.enabled = true",
            "kmodsim.klogd.file = \"" + file + "\"",
            "kmodsim.printk.time = false",
            "kmodsim.console = []"),
        Era.V4_X,
        1,
        List.of(),
        "printk KERN_NOTICE 'to the host'; spin 1ms");
    assertThat(java.nio.file.Files.readString(file))
        .isEqualTo("Jan  1 00:00:00 kmodsim kernel: to the host\n");
  }

  @Test
  void printkDeferredReturnsAtOnceAndIsPrintedLater() {
    Run run =
        run(
            config("kmodsim.printk.delivery = direct", "kmodsim.printk.time = false"),
            Era.V6_X,
            1,
            List.of(
                program(
                    0,
                    SECOND,
                    "printk_deferred KERN_INFO '" + HUNDRED + "'",
                    "printk KERN_INFO 'after'",
                    "spin 1s")),
            "");
    assertThat(run.calls).hasSize(1); // only the plain printk is a caller
    assertThat(run.call(0, 0).spinNanos()).isEqualTo(106_250_000L); // waits for the deferred one
    assertThat(run.console.text()).endsWith(HUNDRED + "\nafter\n");
  }
}

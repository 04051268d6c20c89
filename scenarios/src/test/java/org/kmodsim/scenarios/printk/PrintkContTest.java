package org.kmodsim.scenarios.printk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.printk.PrintkMachineTest.SECOND;
import static org.kmodsim.scenarios.printk.PrintkMachineTest.config;
import static org.kmodsim.scenarios.printk.PrintkMachineTest.program;
import static org.kmodsim.scenarios.printk.PrintkMachineTest.run;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.printk.PrintkMachineTest.Run;

/** KERN_CONT: fragments merged into the open line, per era (the cont buffer, the char ring). */
@org.junit.jupiter.api.Timeout(120) // a safety net against a model that loops, not a speed goal
class PrintkContTest {

  /** The /dev/kmsg lines of a shell result without their seq and time: "6,-;text". */
  static List<String> kmsgRecords(String output) {
    return output
        .lines()
        .map(l -> l.replaceFirst("^(\\d+),\\d+,\\d+,", "$1,"))
        .filter(l -> !l.contains("console") && !l.contains("Linux version"))
        .collect(Collectors.toList());
  }

  static List<String> tail(List<String> list, int n) {
    return list.subList(list.size() - n, list.size());
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V4_X", "V6_X"})
  void since35AFragmentJoinsTheOpenRecordUntilANewlineOrANewPrintk(Era era) {
    Run run =
        run(
            config("kmodsim.console = []"),
            era,
            1,
            List.of(),
            "printk KERN_INFO 'a'; pr_cont 'b'; pr_cont 'c\\n'; pr_cont 'd'; printk KERN_INFO 'e'; pr_cont 'f';"
                + " cat /dev/kmsg");
    List<String> records = kmsgRecords(run.shell().get(6).output());
    // 'd' comes after a newline: a record of its own, flagged c, at default_message_loglevel.
    assertThat(tail(records, 3)).containsExactly("6,-;abc", "4,c;d", "6,-;ef");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V4_X", "V6_X"})
  void since35AFragmentFromAnotherCpuStartsARecordOfItsOwn(Era era) {
    Run run =
        run(
            config("kmodsim.console = []"),
            era,
            3,
            List.of(
                program(1, SECOND, "printk KERN_INFO 'zero'", "spin 10ms", "pr_cont ' again'"),
                program(2, SECOND + 5_000_000, "pr_cont 'one'")),
            "spin 3s; cat /dev/kmsg");
    List<String> records = kmsgRecords(run.shell().get(1).output());
    assertThat(tail(records, 3)).containsExactly("6,-;zero", "4,c;one", "4,c; again");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_4", "V2_6"})
  void before35AFragmentContinuesTheLineInTheCharacterRingWhoeverPrintsIt(Era era) {
    Run run =
        run(
            config("kmodsim.console = []", "kmodsim.printk.time = false"),
            era,
            3,
            List.of(
                program(1, SECOND, "printk KERN_INFO 'zero'", "spin 10ms", "pr_cont ' two\\n'"),
                program(2, SECOND + 5_000_000, "pr_cont ' one'")),
            // util-linux 2.11y's dmesg (2.4) has no -r: its output loop takes the "<6>" off
            "spin 3s; " + (era == Era.V2_4 ? "dmesg" : "dmesg -r") + "; syslog 3 16");
    assertThat(run.shell().get(1).output())
        .endsWith(era == Era.V2_4 ? "zero one two\n" : "<6>zero one two\n");
    assertThat(run.shell().get(2).output()).isEqualTo("<6>zero one two\n");
  }

  @ParameterizedTest
  @EnumSource(
      value = Era.class,
      names = {"V2_6", "V6_X"})
  void aConsoleThatPrintedTheLinePrintsOnlyTheFragment(Era era) {
    Run run =
        run(
            config(
                "kmodsim.console = [capture]",
                "kmodsim.printk.time = false",
                "kmodsim.printk.delivery = direct"),
            era,
            1,
            List.of(),
            "printk KERN_INFO 'start'; pr_cont ' end\\n'; printk KERN_INFO 'next'; dmesg");
    // The console printed "start" at once (every printk step ends its console line), then the
    // fragment; the log holds the line whole.
    assertThat(run.console.text()).endsWith("start\n end\nnext\n");
    assertThat(run.shell().get(3).output())
        .containsPattern("(?m)^(\\[ +[.0-9]+\\] )?start end\n(\\[ +[.0-9]+\\] )?next\n\\z");
  }
}

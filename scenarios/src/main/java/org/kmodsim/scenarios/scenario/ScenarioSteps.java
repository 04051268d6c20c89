package org.kmodsim.scenarios.scenario;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Request;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;

/**
 * The steps scenarios add to the language: {@code observe NAME} (record the last result as an
 * outcome value), {@code cover PROBE} (hit a coverage probe), {@code read_once CELL} and {@code
 * write_once CELL [VALUE|+N]} on plain shared memory. {@value #BOOT_DONE} is appended to the boot
 * commands by the runner and is not part of the language.
 */
final class ScenarioSteps {
  static final String BOOT_DONE = "__boot_done";

  private ScenarioSteps() {}

  static void register(Commands commands, ScenarioReport report) {
    commands.register(
        "observe",
        "observe NAME [VAR] (records the last result, or variable VAR, as value.NAME)",
        args -> observe(args, report));
    commands.register(
        "cover",
        "cover PROBE [if OP N] (counts a hit of a probe; with if, only when the last result "
            + "compares so, e.g. cover saw-zero if == 0)",
        ScenarioSteps::cover);
    commands.register(
        "read_once",
        "read_once CELL (result = the cell's value; cells start at 0)",
        args -> readOnce(one(args, "a cell")));
    commands.register(
        "write_once",
        "write_once CELL [VALUE|+N] (stores VALUE, or the last result (+N))",
        ScenarioSteps::writeOnce);
    commands.register(
        BOOT_DONE,
        "(internal) marks the end of the boot commands",
        args ->
            Step.instant(
                BOOT_DONE,
                cpu ->
                    cpu.send(
                        cpu.services().get(FaultInjector.KEY), FaultInjector.BootDone.INSTANCE)));
  }

  private static String one(List<String> args, String what) {
    if (args.size() != 1 || args.get(0).isBlank()) {
      throw new IllegalArgumentException("expected " + what);
    }
    return args.get(0);
  }

  private static Step observe(List<String> args, ScenarioReport report) {
    if (args.isEmpty() || args.size() > 2 || args.get(0).isBlank()) {
      throw new IllegalArgumentException("expected a name and an optional variable");
    }
    String valueName = args.get(0);
    String variable = args.size() == 2 ? args.get(1) : null;
    return Step.instant(
        "observe",
        cpu -> {
          long value = variable == null ? cpu.result() : cpu.variable(variable);
          report.observed(cpu.sim(), valueName, value);
          cpu.trace(ScenarioTrace.OBSERVE.with(cpu.cpuId(), valueName, value));
        });
  }

  private static Step cover(List<String> args) {
    if (args.size() == 1 && !args.get(0).isBlank()) {
      return Step.instant("cover", cpu -> cpu.sim().cover(args.get(0)));
    }
    if (args.size() != 4
        || !args.get(1).equals("if")
        || !List.of("==", "!=", "<", "<=", ">", ">=").contains(args.get(2))) {
      throw new IllegalArgumentException("expected PROBE or PROBE if OP N (OP: == != < <= > >=)");
    }
    long value;
    try {
      value = Long.parseLong(args.get(3));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number '" + args.get(3) + "'");
    }
    String probe = args.get(0);
    String op = args.get(2);
    return Step.instant(
        "cover",
        cpu -> {
          if (holds(op, cpu.result(), value)) {
            cpu.sim().cover(probe);
          }
        });
  }

  private static boolean holds(String op, long result, long value) {
    return switch (op) {
      case "==" -> result == value;
      case "!=" -> result != value;
      case "<" -> result < value;
      case "<=" -> result <= value;
      case ">" -> result > value;
      default -> result >= value;
    };
  }

  private static Step readOnce(String cell) {
    return Request.step(
        "read_once",
        Memory.KEY,
        (cpu, replyTo) -> new Memory.Read(cell, replyTo),
        Memory.Value.class,
        Then.result(Memory.Value::value));
  }

  private static Step writeOnce(List<String> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException("expected a cell and an optional value");
    }
    String cell = args.get(0);
    String v = args.size() == 1 ? "+0" : args.get(1);
    boolean fromResult = v.startsWith("+");
    long value;
    try {
      value = Long.parseLong(fromResult ? v.substring(1) : v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad value '" + v + "' (a number, or +N)");
    }
    return Request.step(
        "write_once",
        Memory.KEY,
        (cpu, replyTo) ->
            new Memory.Write(cell, fromResult ? cpu.result() + value : value, replyTo),
        Memory.Value.class,
        (cpu, written) -> StepResult.NEXT);
  }
}

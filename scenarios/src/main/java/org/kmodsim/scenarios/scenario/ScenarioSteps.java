package org.kmodsim.scenarios.scenario;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * The steps scenarios add to the language: {@code observe NAME} (record the last result as an
 * outcome value), {@code cover PROBE} (hit a coverage probe), {@code read_once CELL} and
 * {@code write_once CELL [VALUE|+N]} on plain shared memory. {@value #BOOT_DONE} is appended to
 * the boot commands by the runner and is not part of the language.
 */
final class ScenarioSteps {
  static final String BOOT_DONE = "__boot_done";

  private ScenarioSteps() {}

  static void register(Commands commands, ScenarioReport report) {
    commands.register("observe",
        "observe NAME [VAR] (records the last result, or variable VAR, as value.NAME)",
        args -> observe(args, report));
    commands.register("cover",
        "cover PROBE [if OP N] (counts a hit of a probe; with if, only when the last result "
            + "compares so, e.g. cover saw-zero if == 0)",
        ScenarioSteps::cover);
    commands.register("read_once", "read_once CELL (result = the cell's value; cells start at 0)",
        args -> new ReadOnce(one(args, "a cell")));
    commands.register("write_once",
        "write_once CELL [VALUE|+N] (stores VALUE, or the last result (+N))",
        ScenarioSteps::writeOnce);
    commands.register(BOOT_DONE, "(internal) marks the end of the boot commands",
        args -> new BootDone());
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
    return new Observe(args.get(0), args.size() == 2 ? args.get(1) : null, report);
  }

  private static Step cover(List<String> args) {
    if (args.size() == 1 && !args.get(0).isBlank()) {
      return new Cover(args.get(0), null, 0);
    }
    if (args.size() != 4 || !args.get(1).equals("if")
        || !List.of("==", "!=", "<", "<=", ">", ">=").contains(args.get(2))) {
      throw new IllegalArgumentException("expected PROBE or PROBE if OP N (OP: == != < <= > >=)");
    }
    try {
      return new Cover(args.get(0), args.get(2), Long.parseLong(args.get(3)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number '" + args.get(3) + "'");
    }
  }

  private static Step writeOnce(List<String> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException("expected a cell and an optional value");
    }
    if (args.size() == 1) {
      return new WriteOnce(args.get(0), true, 0);
    }
    String v = args.get(1);
    try {
      if (v.startsWith("+")) {
        return new WriteOnce(args.get(0), true, Long.parseLong(v.substring(1)));
      }
      return new WriteOnce(args.get(0), false, Long.parseLong(v));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad value '" + v + "' (a number, or +N)");
    }
  }

  record Observe(String valueName, String variable, ScenarioReport report) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      long value = variable == null ? cpu.result() : cpu.variable(variable);
      report.observed(valueName, value);
      cpu.trace("observe", valueName + "=" + value);
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "observe";
    }
  }

  record Cover(String probe, String op, long value) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      if (op == null || holds(cpu.result())) {
        cpu.sim().cover(probe);
      }
      return StepResult.NEXT;
    }

    private boolean holds(long result) {
      switch (op) {
        case "==":
          return result == value;
        case "!=":
          return result != value;
        case "<":
          return result < value;
        case "<=":
          return result <= value;
        case ">":
          return result > value;
        default:
          return result >= value;
      }
    }

    @Override
    public String name() {
      return "cover";
    }
  }

  record ReadOnce(String cell) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(Memory.KEY), new Memory.Read(cell, cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      cpu.setResult(((Memory.Value) reply).value());
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "read_once";
    }
  }

  record WriteOnce(String cell, boolean fromResult, long value) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      long stored = fromResult ? cpu.result() + value : value;
      cpu.send(cpu.services().get(Memory.KEY), new Memory.Write(cell, stored, cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "write_once";
    }
  }

  record BootDone() implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(FaultInjector.KEY), FaultInjector.BootDone.INSTANCE);
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return BOOT_DONE;
    }
  }
}

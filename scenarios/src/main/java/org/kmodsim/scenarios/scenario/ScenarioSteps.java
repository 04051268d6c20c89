package org.kmodsim.scenarios.scenario;

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
        "observe NAME [VAR] (records the last result, or variable VAR, as value.NAME)",
        args -> observe(ScenarioStepArgs.Observe.parse(args), report));
    commands.registerAll(STATELESS);
  }

  /** The steps that keep nothing of a run (all but observe), registered once per JVM. */
  private static final Commands STATELESS = stateless();

  private static Commands stateless() {
    Commands commands = new Commands();
    commands.register(
        "cover PROBE [if OP N] (counts a hit of a probe; with if, only when the last result "
            + "compares so, e.g. cover saw-zero if == 0)",
        args -> cover(ScenarioStepArgs.Cover.parse(args)));
    commands.register(
        "read_once CELL (result = the cell's value; cells start at 0)",
        args -> readOnce(ScenarioStepArgs.one(args, "a cell")));
    commands.register(
        "write_once CELL [VALUE|+N] (stores VALUE, or the last result (+N))",
        args -> writeOnce(ScenarioStepArgs.WriteOnce.parse(args)));
    commands.register(
        BOOT_DONE,
        "(internal) marks the end of the boot commands",
        args ->
            Step.instant(
                BOOT_DONE, cpu -> cpu.send(FaultInjector.KEY, FaultInjector.BootDone.INSTANCE)));
    return commands.freeze();
  }

  private static Step observe(ScenarioStepArgs.Observe observe, ScenarioReport report) {
    return Step.instant(
        "observe",
        cpu -> {
          long value = observe.variable() == null ? cpu.result() : cpu.variable(observe.variable());
          report.observed(cpu.sim(), observe.name(), value);
          cpu.trace(ScenarioTrace.OBSERVE.with(cpu.cpuId(), observe.name(), value));
        });
  }

  private static Step cover(ScenarioStepArgs.Cover cover) {
    return Step.instant(
        "cover",
        cpu -> {
          if (cover.holds(cpu.result())) {
            cpu.sim().cover(cover.probe());
          }
        });
  }

  private static Step readOnce(String cell) {
    return new Request<>(
        "read_once",
        Memory.KEY,
        (cpu, replyTo) -> new Memory.Read(cell, replyTo),
        Memory.Value.class,
        Then.result(Memory.Value::value));
  }

  private static Step writeOnce(ScenarioStepArgs.WriteOnce write) {
    return new Request<>(
        "write_once",
        Memory.KEY,
        (cpu, replyTo) -> new Memory.Write(write.cell(), write.stored(cpu.result()), replyTo),
        Memory.Value.class,
        (cpu, written) -> StepResult.NEXT);
  }
}

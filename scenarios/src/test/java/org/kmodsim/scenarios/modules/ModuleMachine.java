package org.kmodsim.scenarios.modules;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleSubsystem;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.TraceEvent;

/** Boots a machine with the module subsystem and runs a shell script and programs on it. */
final class ModuleMachine {
  private ModuleMachine() {}

  static MachineSpec spec(Era era, int cpus, String script, String... overrides) {
    String conf = String.join("\n", overrides);
    return new MachineSpec(
        ConfigFactory.parseString(conf).withFallback(ConfigFactory.load()),
        era,
        cpus,
        List.of(new ModuleSubsystem()),
        List.of(),
        CommandLine.splitList(script),
        Cred.root(),
        0);
  }

  static MachineRun.Outcome run(MachineSpec spec, long seed) {
    return MachineRun.run(spec, RunSpec.deterministic(seed).withTrace(20_000));
  }

  static List<MachineReport.ShellResult> sh(Era era, String script, String... overrides) {
    return run(spec(era, 2, script, overrides), 1).report().shellResults();
  }

  /**
   * A program on cpu1 that runs the command lines with {@code cred} and adds each line's result
   * (the C return value) to {@code results}.
   */
  static ProgramSpec recording(Cred cred, List<Long> results, String... lines) {
    return new ProgramSpec(
        1,
        "calls",
        commands -> {
          List<Step> steps = new ArrayList<>();
          for (String line : lines) {
            steps.add(commands.parse(line));
            steps.add(new Record(results));
          }
          return steps;
        },
        1_000,
        cred);
  }

  /** Adds the result of the step before to the list. */
  private record Record(List<Long> results) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      results.add(cpu.result());
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "record";
    }
  }

  /**
   * hello.conf's init line as 3.6 and later log it: the lecture's {@code printk("<1>Hello,
   * world\n")} has no KERN_SOH level (include/linux/kern_levels.h, include/linux/printk.h
   * printk_get_level), so "&lt;1&gt;" is text at default_message_loglevel; 2.4 and 2.6 log "Hello,
   * world" at level 1.
   */
  static final String HELLO_SINCE_36 = "<1>Hello, world";

  /** The kernel log lines (printk trace events) of a run, without the level prefix. */
  static List<String> dmesg(MachineRun.Outcome outcome) {
    List<String> lines = new ArrayList<>();
    for (TraceEvent event : outcome.result().trace()) {
      if (event.kind().equals("printk")) {
        lines.add(event.event().string("text"));
      }
    }
    return lines;
  }

  static MachineSpec withPrograms(MachineSpec spec, List<ProgramSpec> programs) {
    return spec.withPrograms(programs);
  }
}

package org.kmodsim.scenarios.printk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.drivers.tty.serial.StreamedTerminal;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.Kernel;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.SimMode;

/**
 * The live console of concurrent runs: a Streams pipeline on the run's ActorSystem paces the
 * terminal, and the CPUs' timers still fire (a spin ends, the next command runs). Asserts what is
 * shown and that the run completes, never how fast.
 */
@org.junit.jupiter.api.Timeout(120) // a safety net against a run that never ends
class LiveConsoleTest {

  @Test
  void aConcurrentRunWithTheStreamedConsoleRunsEveryCommandAndShowsTheLog() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StreamedTerminal terminal =
        new StreamedTerminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    MachineSpec spec =
        new MachineSpec(
            PrintkMachineTest.config(
                "kmodsim.serial.live = true",
                "kmodsim.printk.time = false",
                "kmodsim.console = [\"ttyS0,115200n8\"]"),
            Era.V6_X,
            2,
            Kernel.subsystems(PrintkMachineTest.config(), Era.V6_X, terminal),
            List.of(),
            CommandLine.splitList("echo a; printk KERN_ERR 'on the line'; spin 1ms; echo b"),
            Cred.root(),
            0);
    MachineRun.Outcome outcome =
        MachineRun.run(spec, RunSpec.deterministic(7).withMode(SimMode.CONCURRENT));
    long dropped = terminal.drain(Duration.ofSeconds(30));
    assertThat(outcome.report().shellResults()).hasSize(4);
    assertThat(outcome.report().shellResults().get(3).output()).isEqualTo("b\n");
    assertThat(dropped).isZero();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("printk: legacy console [ttyS0] enabled\non the line\n");
  }
}

package org.kmodsim.scenarios.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.sim.RunSpec;

class ShellTest {

  static List<MachineReport.ShellResult> sh(String script) {
    MachineSpec spec =
        new MachineSpec(
            ConfigFactory.load(),
            Era.V6_X,
            2,
            List.of(),
            List.of(),
            CommandLine.splitList(script),
            Cred.root(),
            0);
    return MachineRun.run(spec, RunSpec.deterministic(1)).report().shellResults();
  }

  @Test
  void echoPrintsAndUnknownCommandsAreNotFound() {
    List<MachineReport.ShellResult> results = sh("echo hello 'big world'; frobnicate; true");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).output()).isEqualTo("hello big world\n");
    assertThat(results.get(1).errors()).isEqualTo("sh: 2: frobnicate: not found\n");
    assertThat(results.get(1).exitStatus()).isEqualTo(127);
    assertThat(results.get(2).exitStatus()).isZero();
  }

  @Test
  void catOfAMissingFileFailsAsCoreutilsDoes() {
    MachineReport.ShellResult result = sh("cat /proc/nonexistent").get(0);
    assertThat(result.errors()).isEqualTo("cat: /proc/nonexistent: No such file or directory\n");
    assertThat(result.exitStatus()).isEqualTo(1);
  }

  @Test
  void suChangesTheUserAndRejectsUnknownUsers() {
    List<MachineReport.ShellResult> results = sh("su nobody; su mallory");
    assertThat(results.get(0).exitStatus()).isZero();
    assertThat(results.get(1).errors()).isEqualTo("su: user mallory does not exist\n");
    assertThat(results.get(1).exitStatus()).isEqualTo(1);
  }

  @Test
  void usageErrorsNameTheCommand() {
    MachineReport.ShellResult result = sh("spin forever").get(0);
    assertThat(result.exitStatus()).isEqualTo(2);
    assertThat(result.errors()).startsWith("spin: bad duration 'forever'");
  }
}

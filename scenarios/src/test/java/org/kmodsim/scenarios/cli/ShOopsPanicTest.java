package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.cli.MainTest.kmodsim;

import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.cli.MainTest.Run;

/**
 * {@code kmodsim sh -c} (not a terminal) shows an oops and a panic as the interactive shell does:
 * the kernel's report as the console showed it, then what became of the command and the machine;
 * the exit status follows sh (the last command's; a killed command's is 137) and a halt gives 1.
 */
class ShOopsPanicTest {
  @Test
  void anOopsPrintsItsReportAfterTheKilledCommandAndTheScriptGoesOn() {
    Run run = kmodsim("sh", "-c", "echo before; oops boom; echo after $?");
    assertThat(run.out())
        .containsSubsequence(
            "before\n",
            "] BUG: boom\n",
            "] Oops: 0002 [#1] SMP\n",
            "] ---[ end trace 0000000000000000 ]---\n",
            "after 137\n");
    assertThat(run.out()).containsPattern("(?m)^\\[ +\\d+\\.\\d{6}\\] Oops: ");
    assertThat(run.err()).isEqualTo("Killed\n");
    assertThat(run.status()).isZero();
  }

  @Test
  void theStatusOfAScriptThatEndsInAKilledCommandIs137() {
    Run run = kmodsim("sh", "-c", "oops boom");
    assertThat(run.out()).contains("] Oops: ");
    assertThat(run.status()).isEqualTo(137);
  }

  @Test
  void aPanicPrintsItsTextAndSaysTheMachineHalted() {
    Run run = kmodsim("sh", "-c", "insmod hello.conf; panic \"it broke\"; echo after");
    // kernel/panic.c panic(): the message, then the end marker once the other CPUs are stopped.
    assertThat(run.out())
        .containsSubsequence(
            "] Kernel panic - not syncing: it broke\n",
            "] ---[ end Kernel panic - not syncing: it broke ]---\n")
        .doesNotContain("after");
    assertThat(run.err())
        .isEqualTo(
            "kmodsim: sh: the machine halted during 'panic \"it broke\"':"
                + " Kernel panic - not syncing: it broke\n");
    assertThat(run.status()).isEqualTo(1);
  }

  @Test
  void theHelpSaysWhatTheExitStatusIs() {
    assertThat(kmodsim("sh", "--help").out())
        .contains("Exit status: the last command's")
        .contains("A panic prints its text, says the machine halted and gives 1");
  }
}

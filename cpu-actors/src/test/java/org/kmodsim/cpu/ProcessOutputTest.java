package org.kmodsim.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessOutputTest {

  @Test
  void keepsEverythingUpToTheLimit() {
    ProcessOutput out = new ProcessOutput(10);
    out.append("0123456789");
    assertThat(out).hasToString("0123456789");
  }

  @Test
  void keepsTheLastCharactersAndSaysHowManyWentPastTheLimit() {
    ProcessOutput out = new ProcessOutput(10);
    for (int i = 0; i < 100; i++) {
      out.append("line " + (i % 10) + "\n"); // 7 characters each, 700 in all
    }
    assertThat(out.toString())
        .isEqualTo("[kmodsim: 690 earlier characters of output dropped]\n" + " 8\nline 9\n");
    out.clear();
    out.append("again\n");
    assertThat(out).hasToString("again\n");
  }
}

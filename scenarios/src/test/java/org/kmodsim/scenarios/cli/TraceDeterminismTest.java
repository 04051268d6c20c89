package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.cli.MainTest.kmodsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What kmodsim writes depends on the seed only: two traces and two reports of one seed are
 * byte-identical, and neither carries an identity hash code, an array's toString or an address as a
 * negative decimal.
 */
class TraceDeterminismTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"unload-while-in-use", "probe-owner-unloaded", "sysfs-param-race"})
  void twoTracesOfOneSeedAreByteIdentical(String scenario) throws IOException {
    byte[][] traces = new byte[2][];
    byte[][] reports = new byte[2][];
    for (int i = 0; i < 2; i++) {
      Path trace = dir.resolve(scenario + i + ".json");
      Path report = dir.resolve(scenario + i + ".html");
      kmodsim(
          "run",
          scenario,
          "--seed",
          "5",
          "--trace",
          trace.toString(),
          "--report",
          report.toString());
      traces[i] = Files.readAllBytes(trace);
      reports[i] = Files.readAllBytes(report);
    }
    assertThat(traces[1]).isEqualTo(traces[0]);
    assertThat(reports[1]).isEqualTo(reports[0]);
    String text = new String(traces[0], java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text)
        .doesNotContainPattern("@[0-9a-f]{5,8}\\b")
        .doesNotContain("[Ljava")
        .doesNotContain("$$Lambda")
        .doesNotContain("SimpleConfig")
        .doesNotContainPattern("(address|from|to)=-\\d{6,}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"probe-owner-unloaded"})
  void addressesPrintAsTheKernelPrintsThem(String scenario) throws IOException {
    Path trace = dir.resolve("t.json");
    kmodsim("run", scenario, "--seed", "3", "--trace", trace.toString());
    // A probe hit's address field, as the kernel prints addresses.
    assertThat(Files.readString(trace)).containsPattern("\"address\" : \"0xffffffff[0-9a-f]{8}\"");
  }
}

package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailInitFaultTest {
  @Test
  void aFailInitFaultMakesTheLoadFailWithItsErrnoAndLeavesNothingBehind(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("failinit.conf");
    Files.writeString(
        file,
        String.join(
            "\n",
            "title = \"fail-init fault\"",
            "description = \"hello's init fails with ENODEV\"",
            "eras = [\"6.x\", \"2.6\"]",
            "machine.cpus = 1",
            "faults = [ { type = fail-init, module = hello, errno = ENODEV } ]",
            "programs = [ { cpu = 0, steps = [\"insmod hello.conf\", \"lsmod\"] } ]",
            "outcomes = [",
            "  { name = failed, class = acceptable, description = \"init failed\",",
            "    when { violations = 0 } }",
            "]"));
    MainTest.Run run = MainTest.kmodsim("run", file.toString(), "--json");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("outcome").asText()).isEqualTo("failed");
    MainTest.Run text = MainTest.kmodsim("run", file.toString(), "--era", "2.6");
    assertThat(text.out())
        .contains("insmod: error inserting 'hello.conf': -1 No such device") // module-init-tools
        .contains("Module                  Size  Used by\n");
  }
}

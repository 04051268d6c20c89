package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.cli.MainTest.kmodsim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.Main;

/** help at any depth, the bash completion script, suggestions on typos, docs/cli.md up to date. */
class CliHabitsTest {

  @Test
  void helpStressUnloadShowsItsOptions() {
    MainTest.Run run = kmodsim("help", "stress", "unload");
    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("Usage: kmodsim stress unload ").contains("--refcount");
    assertThat(kmodsim("stress", "unload", "--help").out()).isEqualTo(run.out());
  }

  @Test
  void helpOfAnUnknownCommandIsBadInputWithASuggestion() {
    MainTest.Run run = kmodsim("help", "stress", "unlaod");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("did you mean unload?");
    assertThat(run.err().strip()).doesNotContain("\n");
  }

  @Test
  void aMisspeltCommandGetsPicocliSuggestionsOnOneLine() {
    MainTest.Run run = kmodsim("explor", "lost-update");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("kmodsim: Unmatched arguments from index 0: 'explor', 'lost-update'")
        .contains("did you mean explore or")
        .doesNotContain("\n");
  }

  @Test
  void completionPrintsABashScriptThatCompletesTheCommands() {
    MainTest.Run run = kmodsim("completion");
    assertThat(run.status()).isZero();
    assertThat(run.out())
        .contains("complete -F _complete_kmodsim")
        .contains("explore")
        .contains("--refcount");
  }

  /** Regenerate with: ./kmodsim cli-doc > docs/cli.md */
  @Test
  void docsCliMdIsTheGeneratedManual() throws IOException {
    Path file = Paths.get("..", "docs", "cli.md");
    String expected = CliDoc.markdown(Main.commandLine());
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as("docs/cli.md is stale: ./kmodsim cli-doc > docs/cli.md")
        .isEqualTo(expected);
    assertThat(expected).contains("## kmodsim stress unload").contains("## kmodsim sh");
  }
}

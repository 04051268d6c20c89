package org.kmodsim.scenarios.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shell's filters against what GNU grep 3.8 and coreutils 9.1 print in the C locale (checked
 * against the tools themselves: src/grep.c, src/head.c, src/tail.c, src/wc.c).
 */
class FiltersTest {
  private static final String LSMOD =
      "Module                  Size  Used by\n"
          + "hello                  16384  0\n"
          + "exporter 16384 1 importer\n";

  private static Filters.Result run(String line, String input) {
    return Filters.run(org.kmodsim.cpu.CommandLine.split(line), input);
  }

  @Test
  void grepSelectsMatchingLinesAndSaysWhetherAnyMatched() {
    assertThat(run("grep hello", LSMOD))
        .isEqualTo(new Filters.Result("hello                  16384  0\n", "", 0));
    assertThat(run("grep -c 16384", LSMOD).out()).isEqualTo("2\n");
    assertThat(run("grep -n -v 16384", LSMOD).out())
        .isEqualTo("1:Module                  Size  Used by\n");
    assertThat(run("grep -i MODULE", LSMOD).status()).isZero();
    assertThat(run("grep nosuch", LSMOD)).isEqualTo(new Filters.Result("", "", 1));
    assertThat(run("grep -o 'l\\+'", "hello\n").out()).isEqualTo("ll\n");
    assertThat(run("grep -E 'hel+o|exp'", LSMOD).out().lines().count()).isEqualTo(2);
    assertThat(run("grep -w hell", LSMOD).status()).isEqualTo(1);
    assertThat(run("grep '[[:digit:]]\\{5\\}'", LSMOD).out().lines().count()).isEqualTo(2);
  }

  @Test
  void grepRefusesBadOptionsAsGnuGrepDoes() {
    assertThat(run("grep -Q x", LSMOD))
        .isEqualTo(
            new Filters.Result(
                "",
                "grep: invalid option -- 'Q'\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"
                    + "Try 'grep --help' for more information.\n",
                2));
    assertThat(run("grep", LSMOD).err()).startsWith("Usage: grep [OPTION]... PATTERNS [FILE]...");
    assertThat(run("grep --foo x", LSMOD).err()).startsWith("grep: unrecognized option '--foo'\n");
    assertThat(run("grep -e", LSMOD).err())
        .startsWith("grep: option requires an argument -- 'e'\n");
    assertThat(run("grep '\\('", LSMOD))
        .isEqualTo(new Filters.Result("", "grep: Unmatched ( or \\(\n", 2));
  }

  @Test
  void headTailAndWcCountAsCoreutils() {
    String three = "1\n2\n3\n";
    assertThat(run("head -n 2", three).out()).isEqualTo("1\n2\n");
    assertThat(run("head -2", three).out()).isEqualTo("1\n2\n");
    assertThat(run("head -n -1", three).out()).isEqualTo("1\n2\n");
    assertThat(run("tail -1", three).out()).isEqualTo("3\n");
    assertThat(run("tail -n +2", three).out()).isEqualTo("2\n3\n");
    assertThat(run("tail -c 3", three).out()).isEqualTo("\n3\n");
    assertThat(run("wc", "a\nb\n").out()).isEqualTo("      2       2       4\n");
    assertThat(run("wc -l", "a\nb\n").out()).isEqualTo("2\n");
    assertThat(run("wc -lw", "a\nb\n").out()).isEqualTo("      2       2\n");
    assertThat(run("wc", "").out()).isEqualTo("      0       0       0\n");
  }

  @Test
  void headTailAndWcRefuseBadOptionsAsCoreutils() {
    assertThat(run("head -n x", "a\n"))
        .isEqualTo(new Filters.Result("", "head: invalid number of lines: 'x'\n", 1));
    assertThat(run("tail -Q", "a\n"))
        .isEqualTo(
            new Filters.Result(
                "", "tail: invalid option -- 'Q'\nTry 'tail --help' for more information.\n", 1));
    assertThat(run("head -n", "a\n").err())
        .isEqualTo(
            "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n");
    assertThat(run("wc -z", "a\n").status()).isEqualTo(1);
  }

  @Test
  void pipelinesSplitOutsideQuotesAndExpandTheLastStatus() {
    assertThat(Pipeline.stages("lsmod | grep 'a|b' | wc -l"))
        .isEqualTo(List.of("lsmod", "grep 'a|b'", "wc -l"));
    assertThat(Pipeline.expand("echo $? '$?' \"$?\"", 1)).isEqualTo("echo 1 '$?' \"1\"");
  }
}

package org.kmodsim.scenarios.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.printk.KernLevels;

/**
 * Tab completion of a printk word's level: the KERN_* macros of the machine's era after printk and
 * the printk_* words that take a level (and that the era has), nothing after the level or after a
 * pr_* helper. These completions need no machine: the session is never booted.
 */
class ShellCompleterTest {
  /** What Tab offers at the end of {@code line} on a machine of {@code era}. */
  private static List<String> complete(Era era, String line) {
    ShellCompleter.Sources sources =
        new ShellCompleter.Sources() {
          @Override
          public List<String> moduleFiles() {
            return List.of("hello.conf");
          }

          @Override
          public List<String> parameters(String moduleFile) {
            return List.of("howmany");
          }

          @Override
          public Era era() {
            return era;
          }
        };
    ShellCompleter completer = new ShellCompleter(new ShellSession(1, 1), sources);
    List<Candidate> candidates = new ArrayList<>();
    completer.complete(
        null,
        new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE),
        candidates);
    return candidates.stream().map(Candidate::value).toList();
  }

  @Test
  void offersEveryLevelMacroOfTheEraAfterPrintk() {
    assertThat(complete(Era.V6_X, "printk "))
        .isEqualTo(KernLevels.macros(Era.V6_X))
        .contains("KERN_EMERG", "KERN_DEBUG", "KERN_DEFAULT", "KERN_CONT");
    assertThat(complete(Era.V2_6, "printk KERN_AL")).isEqualTo(KernLevels.macros(Era.V2_6));
  }

  @Test
  void offersNoContOrDefaultOn24WhichHasNeither() {
    assertThat(complete(Era.V2_4, "printk "))
        .isEqualTo(KernLevels.macros(Era.V2_4))
        .contains("KERN_EMERG", "KERN_DEBUG")
        .doesNotContain("KERN_DEFAULT", "KERN_CONT");
  }

  @Test
  void offersTheMacrosAfterTheGatedPrintkWordsOnlyInErasThatHaveThem() {
    assertThat(complete(Era.V2_6, "printk_once ")).isEqualTo(KernLevels.macros(Era.V2_6));
    assertThat(complete(Era.V2_4, "printk_once ")).isEmpty();
    assertThat(complete(Era.V4_X, "printk_ratelimited ")).isEqualTo(KernLevels.macros(Era.V4_X));
    assertThat(complete(Era.V2_6, "printk_ratelimited ")).isEmpty();
    assertThat(complete(Era.V6_X, "printk_deferred ")).isEqualTo(KernLevels.macros(Era.V6_X));
  }

  @Test
  void offersNothingAfterTheLevelNorAfterAPrHelper() {
    assertThat(complete(Era.V6_X, "printk KERN_INFO ")).isEmpty();
    assertThat(complete(Era.V6_X, "pr_info ")).isEmpty();
    assertThat(complete(Era.V6_X, "printk_ratelimit ")).isEmpty();
  }
}

package org.kmodsim.scenarios.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

/**
 * Tab completion of a printk word's level: the KERN_* macros of the machine's era after printk and
 * the printk_* words that take a level (and that the era has), nothing after the level or after a
 * pr_* helper. These completions need no machine: the session is never booted.
 */
class ShellCompleterTest {
  private static final List<String> EIGHT =
      List.of(
          "KERN_EMERG",
          "KERN_ALERT",
          "KERN_CRIT",
          "KERN_ERR",
          "KERN_WARNING",
          "KERN_NOTICE",
          "KERN_INFO",
          "KERN_DEBUG");

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

  private static List<String> withContAndDefault() {
    List<String> all = new ArrayList<>(EIGHT);
    all.add("KERN_DEFAULT");
    all.add("KERN_CONT");
    return all;
  }

  @Test
  void offersEveryLevelMacroOfTheEraAfterPrintk() {
    assertThat(complete(Era.V6_X, "printk ")).containsExactlyElementsOf(withContAndDefault());
    assertThat(complete(Era.V2_6, "printk KERN_AL"))
        .containsExactlyElementsOf(withContAndDefault());
  }

  @Test
  void offersNoContOrDefaultOn24WhichHasNeither() {
    assertThat(complete(Era.V2_4, "printk ")).containsExactlyElementsOf(EIGHT);
  }

  @Test
  void offersTheMacrosAfterTheGatedPrintkWordsOnlyInErasThatHaveThem() {
    assertThat(complete(Era.V2_6, "printk_once ")).containsExactlyElementsOf(withContAndDefault());
    assertThat(complete(Era.V2_4, "printk_once ")).isEmpty();
    assertThat(complete(Era.V4_X, "printk_ratelimited "))
        .containsExactlyElementsOf(withContAndDefault());
    assertThat(complete(Era.V2_6, "printk_ratelimited ")).isEmpty();
    assertThat(complete(Era.V6_X, "printk_deferred "))
        .containsExactlyElementsOf(withContAndDefault());
  }

  @Test
  void offersNothingAfterTheLevelNorAfterAPrHelper() {
    assertThat(complete(Era.V6_X, "printk KERN_INFO ")).isEmpty();
    assertThat(complete(Era.V6_X, "pr_info ")).isEmpty();
    assertThat(complete(Era.V6_X, "printk_ratelimit ")).isEmpty();
  }
}

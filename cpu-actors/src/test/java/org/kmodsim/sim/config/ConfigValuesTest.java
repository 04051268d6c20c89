package org.kmodsim.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {
  private static ConfigValues values(String text) {
    return ConfigValues.of(
        ConfigFactory.parseString(
            text, ConfigParseOptions.defaults().setOriginDescription("a.conf")),
        "k");
  }

  @Test
  void refusesAFractionWhereAWholeNumberIsExpected() {
    assertThatThrownBy(() -> values("k.cpus = 2.5").intIn("cpus", 1, 256))
        .isInstanceOf(ConfigValueException.class)
        .hasMessage("a.conf:1: k.cpus: expected a whole number, not 2.5");
    assertThat(values("k.cpus = 2.0").intIn("cpus", 1, 256)).isEqualTo(2);
  }

  @Test
  void refusesCountsOutOfRangeAndThoseThatOverflow() {
    assertThatThrownBy(() -> values("k.n = 2147483648").nonNegativeInt("n"))
        .hasMessage("a.conf:1: k.n: 2147483648 is out of range (expected 0 to 2147483647)");
    assertThatThrownBy(() -> values("k.n = 99999999999999999999").longIn("n", 0, Long.MAX_VALUE))
        .hasMessageContaining("99999999999999999999' is out of range (expected 0 to");
    assertThatThrownBy(() -> values("k.n = -1").positiveInt("n"))
        .hasMessageContaining("-1 is out of range (expected 1 to 2147483647)");
    assertThatThrownBy(() -> values("k.n = many").positiveInt("n"))
        .hasMessage("a.conf:1: k.n: expected a number, not 'many'");
  }

  @Test
  void readsDurationsExactlyAndRefusesOverflowAndNegatives() {
    assertThat(values("k.d = 1.5ms").duration("d")).isEqualTo(1_500_000);
    assertThat(values("k.d = 2").duration("d")).isEqualTo(2_000_000);
    assertThat(values("k.d = 2").bareDurationUnit(1).duration("d")).isEqualTo(2);
    assertThat(values("k.d = 10m").duration("d")).isEqualTo(600_000_000_000L);
    assertThatThrownBy(() -> values("k.d = 99999999999999999999ns").duration("d"))
        .hasMessage("a.conf:1: k.d: '99999999999999999999ns' is longer than the maximum 1000000s");
    assertThatThrownBy(() -> values("k.d = -5ns").duration("d"))
        .hasMessageContaining("is negative");
    assertThatThrownBy(() -> values("k.d = soon").duration("d"))
        .hasMessageContaining("bad duration 'soon'");
  }

  @Test
  void refusesUnknownKeysNamingTheFirstAndTheExpectedOnes() {
    assertThatThrownBy(() -> values("k { a = 1, typo = 2 }").only("a", "b"))
        .hasMessage("a.conf:1: k.typo: unknown key (expected a, b)");
  }

  @Test
  void refusesWrongTypesInTheUsersTerms() {
    assertThatThrownBy(() -> values("k.b = maybe").bool("b"))
        .hasMessage("a.conf:1: k.b: expected true or false, not 'maybe'");
    assertThatThrownBy(() -> values("k.s = {x = 1}").string("s"))
        .hasMessage("a.conf:1: k.s: expected a string, not an object");
    assertThatThrownBy(() -> values("k.l = 3").strings("l"))
        .hasMessage("a.conf:1: k.l: expected a list [ ... ], not a number (3)");
  }

  @Test
  void namesEnumConstantsWithoutJavaClassNames() {
    enum Colour {
      RED,
      DARK_BLUE
    }
    assertThat(values("k.c = dark-blue").enumOf("c", Colour.class)).isEqualTo(Colour.DARK_BLUE);
    assertThatThrownBy(() -> values("k.c = green").enumOf("c", Colour.class))
        .hasMessage("a.conf:1: k.c: unknown value 'green' (expected one of RED, DARK_BLUE)");
  }

  @Test
  void reportsHoconErrorsWithoutTheLibrarysAdvice() {
    assertThatThrownBy(
            () -> {
              try {
                ConfigFactory.parseString(
                        "a = ${nosuch}",
                        ConfigParseOptions.defaults().setOriginDescription("a.conf"))
                    .resolve();
              } catch (com.typesafe.config.ConfigException e) {
                throw ConfigValueException.from(e);
              }
            })
        .hasMessageStartingWith("a.conf:1: ")
        .hasMessageNotContaining("Config#resolve")
        .hasMessageNotContaining("com.typesafe")
        .hasMessageContaining("${?NAME}");
  }
}

package org.kmodsim.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.sim.config.ConfigValueException;

class StepParserTest {
  private final StepParser parser = new StepParser(Commands.standard().freeze());

  private static Config parse(String text) {
    return ConfigFactory.parseString(
        text, ConfigParseOptions.defaults().setOriginDescription("race.conf"));
  }

  @Test
  void parsesCommandLinesAndRepeatBlocks() {
    List<Step> steps =
        parser.parse(
            parse("p = [\"spin 1us\", {repeat = 3, steps = [\"atomic_inc_return\", \"trace hi\"]}]")
                .getValue("p"));
    assertThat(steps).hasSize(2);
    assertThat(steps.get(0)).isEqualTo(new Spin(1_000));
    assertThat(steps.get(1))
        .isEqualTo(new Repeat(3, List.of(new AtomicIncReturn(), new TracePoint("hi"))));
  }

  @Test
  void parsesIfBlocks() {
    List<Step> steps =
        parser.parse(
            parse("p = [{if = \"false\", then = [\"trace yes\"], else = [\"trace no\"]}]")
                .getValue("p"));
    assertThat(steps)
        .containsExactly(
            new If(
                new ExitStatus(1), List.of(new TracePoint("yes")), List.of(new TracePoint("no"))));
    assertThatThrownBy(() -> parser.parse(parse("p = [{if = \"true\"}]").getValue("p")))
        .hasMessageContaining("an if block needs 'then'");
  }

  @Test
  void parsesMeasureBlocks() {
    List<Step> steps =
        parser.parse(parse("p = [{measure = inc, steps = [\"atomic_inc_return\"]}]").getValue("p"));
    assertThat(steps).containsExactly(new Measure("inc", List.of(new AtomicIncReturn())));
  }

  @Test
  void errorsNameTheFileLineAndText() {
    Config config = parse("a = 1\np = [\n  \"spin 1us\",\n  \"fly away\"\n]");
    assertThatThrownBy(() -> parser.parse(config.getValue("p")))
        .isInstanceOf(ConfigValueException.class)
        .hasMessageStartingWith("race.conf:4: step: ")
        .hasMessageContaining("fly: command not found");
  }

  @Test
  void refusesARepeatCountAboveACInt() {
    Config config = parse("p = [{repeat = 2147483648, steps = [\"spin 1ns\"]}]");
    assertThatThrownBy(() -> parser.parse(config.getValue("p")))
        .isInstanceOf(ConfigValueException.class)
        .hasMessageContaining("2147483648 is out of range (expected 0 to 2147483647)");
  }

  @Test
  void refusesAFractionalRepeatCount() {
    Config config = parse("p = [{repeat = 2.5, steps = [\"spin 1ns\"]}]");
    assertThatThrownBy(() -> parser.parse(config.getValue("p")))
        .hasMessageContaining("expected a whole number, not 2.5");
  }

  @Test
  void refusesBlocksNestedDeeperThanTheLimit() {
    String nested = "\"spin 1ns\"";
    for (int i = 0; i <= StepParser.MAX_DEPTH; i++) {
      nested = "{repeat = 1, steps = [" + nested + "]}";
    }
    Config config = parse("p = [" + nested + "]");
    assertThatThrownBy(() -> parser.parse(config.getValue("p")))
        .isInstanceOf(ConfigValueException.class)
        .hasMessageContaining("nest more than 32 deep");
    assertThatThrownBy(() -> StepParser.checkDepth(config.getValue("p")))
        .hasMessageContaining("nest more than 32 deep");
  }

  @Test
  void blocksNeedRepeatAndSteps() {
    Config config = parse("p = [{repeat = 2}]");
    assertThatThrownBy(() -> parser.parse(config.getValue("p")))
        .hasMessageContaining("a block is {repeat = N, steps = [...]}");
  }

  @Test
  void aProgramReadOnceMakesTheSameStepsOnEveryMachine() {
    StepProgram program =
        StepParser.read(
            parse("p = [\"spin 1us\", {if = \"true\", then = [\"trace hi\"]}]").getValue("p"));
    List<Step> first = program.steps(Commands.standard().freeze());
    assertThat(program.steps(Commands.standard().freeze()))
        .isEqualTo(first)
        .isEqualTo(
            parser.parse(
                parse("p = [\"spin 1us\", {if = \"true\", then = [\"trace hi\"]}]").getValue("p")));
  }

  @Test
  void reportsTheFirstErrorInProgramOrderThoughReadingFindsALaterOne() {
    // The unknown command needs a registry, the bad block does not: still the command comes first.
    Config config = parse("p = [\n  \"fly away\",\n  {repeat = 2}\n]");
    StepProgram program = StepParser.read(config.getValue("p"));
    assertThatThrownBy(() -> program.steps(Commands.standard().freeze()))
        .hasMessageStartingWith("race.conf:2: step: ")
        .hasMessageContaining("fly: command not found");
    Config quote = parse("p = [\"spin 1us\", \"trace 'open\"]");
    assertThatThrownBy(() -> parser.parse(quote.getValue("p")))
        .hasMessageContaining("unterminated quote");
  }

  @Test
  void registeringACommandTwiceOrAfterBootIsABug() {
    Commands commands = Commands.standard();
    assertThatThrownBy(() -> commands.register("spin", "", args -> null))
        .hasMessageContaining("registered twice");
    commands.freeze();
    assertThatThrownBy(() -> commands.register("new", "", args -> null))
        .hasMessageContaining("frozen");
  }
}

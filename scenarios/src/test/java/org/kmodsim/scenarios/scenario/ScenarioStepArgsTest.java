package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioStepArgsTest {
  @Test
  void coverCountsUnconditionallyOrWhenTheLastResultCompares() {
    assertThat(ScenarioStepArgs.Cover.parse(List.of("p")).holds(-5)).isTrue();
    ScenarioStepArgs.Cover zero = ScenarioStepArgs.Cover.parse(List.of("p", "if", "==", "0"));
    assertThat(zero.holds(0)).isTrue();
    assertThat(zero.holds(1)).isFalse();
    assertThat(ScenarioStepArgs.Cover.parse(List.of("p", "if", ">=", "2")).holds(2)).isTrue();
    assertThatThrownBy(() -> ScenarioStepArgs.Cover.parse(List.of("p", "if", "=", "0")))
        .hasMessageStartingWith("expected PROBE or PROBE if OP N");
  }

  @Test
  void writeOnceStoresAValueOrTheLastResultPlusN() {
    assertThat(ScenarioStepArgs.WriteOnce.parse(List.of("c")).stored(7)).isEqualTo(7);
    assertThat(ScenarioStepArgs.WriteOnce.parse(List.of("c", "+2")).stored(7)).isEqualTo(9);
    assertThat(ScenarioStepArgs.WriteOnce.parse(List.of("c", "3")).stored(7)).isEqualTo(3);
    assertThatThrownBy(() -> ScenarioStepArgs.WriteOnce.parse(List.of("c", "x")))
        .hasMessage("bad value 'x' (a number, or +N)");
    assertThat(ScenarioStepArgs.Observe.parse(List.of("n", "v")))
        .isEqualTo(new ScenarioStepArgs.Observe("n", "v"));
  }
}

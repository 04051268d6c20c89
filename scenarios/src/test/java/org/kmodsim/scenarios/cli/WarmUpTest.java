package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.kmodsim.sim.config.ConfigValues;

class WarmUpTest {
  private static final Config REFERENCE = ConfigFactory.defaultReference();

  private static long machineWarmUp(Config config) {
    return ConfigValues.of(config, "kmodsim.machine").duration("warm-up");
  }

  @Test
  void noWarmUpLeavesTheConfigurationAsLoaded() {
    Config set = ConfigFactory.parseString("kmodsim.machine.warm-up = 3ms").withFallback(REFERENCE);
    assertThat(WarmUp.configure(set, 0)).isSameAs(set);
    assertThat(machineWarmUp(WarmUp.configure(set, 0))).isEqualTo(3_000_000L);
  }

  @Test
  void theWarmUpSetsTheMachinesMarkOverAnySetOfIt() {
    Config set = ConfigFactory.parseString("kmodsim.machine.warm-up = 3ms").withFallback(REFERENCE);
    assertThat(machineWarmUp(WarmUp.configure(REFERENCE, 20_000_000L))).isEqualTo(20_000_000L);
    assertThat(machineWarmUp(WarmUp.configure(set, 20_000_000L))).isEqualTo(20_000_000L);
  }
}

package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleSettings;

class PrintkSettingsTest {

  static PrintkSettings settings(Era era, int cpus, String overrides) {
    Config config = ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load());
    return PrintkSettings.fromConfig(config, era, cpus);
  }

  @Test
  void bootParametersSetTheConsoleLoglevel() {
    assertThat(settings(Era.V6_X, 1, "").consoleLoglevel()).isEqualTo(7);
    assertThat(settings(Era.V6_X, 1, "kmodsim.printk.quiet = true").consoleLoglevel()).isEqualTo(4);
    assertThat(settings(Era.V6_X, 1, "kmodsim.printk.debug = true").consoleLoglevel())
        .isEqualTo(10);
    assertThat(
            settings(Era.V6_X, 1, "kmodsim.printk { quiet = true, loglevel = 2 }")
                .consoleLoglevel())
        .isEqualTo(2);
  }

  @Test
  void logBufLenFollowsTheEraAndIsOnlyEverEnlargedToAPowerOfTwo() {
    assertThat(settings(Era.V2_4, 1, "").logBufLen()).isEqualTo(16384);
    assertThat(settings(Era.V2_4, 4, "").logBufLen()).isEqualTo(32768);
    assertThat(settings(Era.V6_X, 4, "").logBufLen()).isEqualTo(131072);
    assertThat(settings(Era.V6_X, 1, "kmodsim.printk.log-buf-len = 4K").logBufLen())
        .isEqualTo(131072);
    assertThat(settings(Era.V6_X, 1, "kmodsim.printk.log-buf-len = 200K").logBufLen())
        .isEqualTo(262144);
  }

  @Test
  void deliveryDefaultsToTheErasModeAndRejectsUnknownNames() {
    assertThat(settings(Era.V2_6, 1, "").delivery()).isEqualTo(DeliveryMode.LOCK_OWNER);
    assertThat(settings(Era.V6_X, 1, "").delivery()).isEqualTo(DeliveryMode.HANDOVER);
    assertThatThrownBy(() -> settings(Era.V6_X, 1, "kmodsim.printk.delivery = fast"))
        .hasMessageContaining("unknown printk delivery mode 'fast'");
  }

  @Test
  void panicOnOopsIsOneSwitchForPrintkAndModulesWithTheOldModulesKeyAsAlias() {
    for (String set :
        new String[] {
          "kmodsim.printk.panic-on-oops = true", "kmodsim.modules.panic-on-oops = true"
        }) {
      Config config = ConfigFactory.parseString(set).withFallback(ConfigFactory.load());
      assertThat(PrintkSettings.fromConfig(config, Era.V6_X, 1).panicOnOops()).as(set).isTrue();
      assertThat(ModuleSettings.fromConfig(config, Era.V6_X).panicOnOops()).as(set).isTrue();
    }
    Config none = ConfigFactory.load();
    assertThat(PrintkSettings.fromConfig(none, Era.V6_X, 1).panicOnOops()).isFalse();
    assertThat(ModuleSettings.fromConfig(none, Era.V6_X).panicOnOops()).isFalse();
  }
}

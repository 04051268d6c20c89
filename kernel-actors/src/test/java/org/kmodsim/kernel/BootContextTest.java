package org.kmodsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BootContextTest {
  /** A setting made from the configuration, the era and the CPU count of a boot. */
  private record Probe(String value, int cpus, Era era) {}

  private static final AtomicInteger READS = new AtomicInteger();

  private static Probe read(BootContext boot) {
    READS.incrementAndGet();
    return new Probe(boot.config().getString("v"), boot.cpus(), boot.era());
  }

  private static BootContext boot(Config config, Era era, int cpus) {
    return new BootContext(null, null, config, era, cpus, null, null);
  }

  @Test
  void settingsAreReadOncePerConfigurationEraAndCpuCountWhicheverWasAskedLast() {
    Config a = ConfigFactory.parseString("v = a");
    Config b = ConfigFactory.parseString("v = a"); // equal, but another configuration object
    int before = READS.get();
    Probe first = boot(a, Era.V6_X, 2).settings(Probe.class, BootContextTest::read);
    assertThat(first).isEqualTo(new Probe("a", 2, Era.V6_X));
    assertThat(boot(a, Era.V6_X, 2).settings(Probe.class, BootContextTest::read)).isSameAs(first);
    assertThat(boot(a, Era.V6_X, 3).settings(Probe.class, BootContextTest::read))
        .isEqualTo(new Probe("a", 3, Era.V6_X));
    assertThat(boot(a, Era.V2_6, 2).settings(Probe.class, BootContextTest::read))
        .isEqualTo(new Probe("a", 2, Era.V2_6));
    Probe other = boot(b, Era.V6_X, 2).settings(Probe.class, BootContextTest::read);
    assertThat(other).isEqualTo(first).isNotSameAs(first);
    // back to the first: from the memo, not read again
    assertThat(boot(a, Era.V6_X, 2).settings(Probe.class, BootContextTest::read)).isSameAs(first);
    assertThat(READS.get() - before).isEqualTo(4);
  }
}

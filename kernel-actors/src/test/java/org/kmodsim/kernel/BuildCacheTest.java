package org.kmodsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BuildCacheTest {

  @Test
  void computesAValueOnceAndKeepsTheMostRecentlyUsedWithinItsCapacity() {
    AtomicInteger computed = new AtomicInteger();
    BuildCache<String, String> cache = new BuildCache<>(2);
    assertThat(cache.get("a", k -> k + computed.incrementAndGet())).isEqualTo("a1");
    assertThat(cache.get("a", k -> k + computed.incrementAndGet())).isEqualTo("a1");
    cache.get("b", k -> k + computed.incrementAndGet());
    cache.get("a", k -> "never");
    cache.get("c", k -> k + computed.incrementAndGet()); // b, the least recently used, goes
    assertThat(cache.get("a", k -> "again")).isEqualTo("a1");
    assertThat(cache.get("b", k -> "b again")).isEqualTo("b again");
    assertThat(computed.get()).isEqualTo(3);
  }

  @Test
  void keepsNothingWhenTheComputationFails() {
    BuildCache<String, String> cache = new BuildCache<>(4);
    assertThatThrownBy(
            () ->
                cache.get(
                    "bad",
                    k -> {
                      throw new IllegalArgumentException("bad input");
                    }))
        .hasMessage("bad input");
    assertThat(cache.get("bad", k -> "fixed")).isEqualTo("fixed");
  }
}

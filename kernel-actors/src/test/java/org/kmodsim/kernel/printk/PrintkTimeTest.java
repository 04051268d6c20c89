package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PrintkTimeTest {

  @Test
  void stampsSecondsRightAlignedInFiveColumnsAndMicrosecondsInSix() {
    assertThat(PrintkTime.prefix(3_771_531_000L)).isEqualTo("[    3.771531] ");
    assertThat(PrintkTime.stamp(0)).isEqualTo("[    0.000000]");
    assertThat(PrintkTime.stamp(123_456_000_999_999L)).isEqualTo("[123456.000999]");
  }

  /** print_time's "[%5lu.%06lu]", which the stamp used to be written with. */
  @Property
  void isWhatTheKernelsFormatPrints(@ForAll @LongRange(min = 0) long nanos) {
    assertThat(PrintkTime.stamp(nanos))
        .isEqualTo(
            String.format("[%5d.%06d]", nanos / 1_000_000_000L, (nanos % 1_000_000_000L) / 1_000L));
  }
}

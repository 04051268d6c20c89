package org.kmodsim.drivers.tty.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UartSettingsTest {

  @Test
  void eightNOneIsTenBitsAndNinetySixHundredBaudIsAbout1041667NsPerChar() {
    UartSettings uart = UartSettings.defaults();
    assertThat(uart.bitsPerChar()).isEqualTo(10);
    assertThat(uart.nanosPerChar()).isEqualTo(1_041_667);
    assertThat(uart.transmitNanos(960)).isEqualTo(1_000_000_000L);
    assertThat(uart.transmitNanos(102)).isEqualTo(106_250_000L);
    assertThat(uart.transmitNanos(1)).isEqualTo(1_041_667);
  }

  @Test
  void parsesConsoleOptionStrings() {
    assertThat(UartSettings.parse("115200n8", 16))
        .isEqualTo(new UartSettings(115200, 8, 'n', 1, 16));
    UartSettings even7 = UartSettings.parse("9600e7", 16);
    assertThat(even7.bitsPerChar()).isEqualTo(10);
    assertThat(UartSettings.parse("38400", 1).bitsPerChar()).isEqualTo(10);
    assertThatThrownBy(() -> UartSettings.parse("fast", 16)).hasMessageContaining("baud rate");
    assertThatThrownBy(() -> UartSettings.parse("9600x8", 16)).hasMessageContaining("parity");
  }

  @Test
  void newlinesGoOnTheWireAsCarriageReturnLineFeed() {
    assertThat(UartSettings.onTheWire("a\nb\n")).isEqualTo("a\r\nb\r\n");
  }
}

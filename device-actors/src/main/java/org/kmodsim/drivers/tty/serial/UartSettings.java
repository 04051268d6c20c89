package org.kmodsim.drivers.tty.serial;

import java.util.Locale;

/**
 * The line settings of an 8250/16550 serial console (drivers/tty/serial/8250/8250_port.c,
 * serial_core.c uart_parse_options): baud rate, data bits, parity, stop bits, and the transmit FIFO
 * depth. A character costs 1 start bit + data bits + a parity bit if any + stop bits on the line
 * (8N1: 10 bit times, so 9600 baud is 960 characters per second).
 *
 * <p>The FIFO (16 bytes on a 16550A) does not shorten a console write: serial8250_console_write
 * waits for the transmitter to drain (UART_LSR_BOTH_EMPTY) before it returns, so the caller pays
 * the whole line time; the FIFO only spares register polling. It is kept for the record.
 */
public record UartSettings(int baud, int dataBits, char parity, int stopBits, int fifoSize) {

  public UartSettings {
    if (baud < 50 || baud > 4_000_000) {
      throw new IllegalArgumentException("baud rate " + baud + " is out of range (50..4000000)");
    }
    if (dataBits < 5 || dataBits > 8) {
      throw new IllegalArgumentException("data bits must be 5..8, not " + dataBits);
    }
    if ("noe".indexOf(parity) < 0) {
      throw new IllegalArgumentException("parity must be n, o or e, not '" + parity + "'");
    }
    if (stopBits != 1 && stopBits != 2) {
      throw new IllegalArgumentException("stop bits must be 1 or 2, not " + stopBits);
    }
    if (fifoSize < 1) {
      throw new IllegalArgumentException("the FIFO holds at least one byte");
    }
  }

  /** console=ttyS0 without options: 9600n8 (serial8250_console_setup), 16550A FIFO. */
  public static UartSettings defaults() {
    return new UartSettings(9600, 8, 'n', 1, 16);
  }

  /**
   * The console= option string, "BBBBPNF": {@code 115200n8}, {@code 9600e7}; missing parts default.
   */
  public static UartSettings parse(String options, int fifoSize) {
    String o = options.trim().toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < o.length() && Character.isDigit(o.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException(
          "serial options '" + options + "' do not start with a" + " baud rate (e.g. 9600n8)");
    }
    if (i > 9) {
      throw new IllegalArgumentException(
          "baud rate " + o.substring(0, i) + " is out of range (50..4000000)");
    }
    int baud = Integer.parseInt(o.substring(0, i));
    char parity = i < o.length() ? o.charAt(i++) : 'n';
    int bits = i < o.length() ? o.charAt(i++) - '0' : 8;
    if (i < o.length() && o.charAt(i) != 'r') {
      throw new IllegalArgumentException(
          "unexpected '" + o.substring(i) + "' in serial options '" + options + "'");
    }
    return new UartSettings(baud, bits, parity, 1, fifoSize);
  }

  /** Bit times per character on the line: 10 for 8N1. */
  public int bitsPerChar() {
    return 1 + dataBits + (parity == 'n' ? 0 : 1) + stopBits;
  }

  /**
   * Line time of {@code chars} characters, rounded up to the nanosecond once for the whole write,
   * so that 102 characters at 9600 8N1 take exactly 106,250,000 ns (1,041,666.67 ns each).
   */
  public long transmitNanos(long chars) {
    long bitTimes = chars * bitsPerChar();
    return Math.addExact(
        Math.multiplyExact(bitTimes / baud, 1_000_000_000L),
        ceilDiv((bitTimes % baud) * 1_000_000_000L, baud));
  }

  /** One character's line time, rounded: 1,041,667 ns at 9600 8N1. */
  public long nanosPerChar() {
    return Math.round(bitsPerChar() * 1e9 / baud);
  }

  /** What goes on the wire for console text: every "\n" as "\r\n" (uart_console_write). */
  public static String onTheWire(String text) {
    return text.replace("\n", "\r\n");
  }

  @Override
  public String toString() {
    return baud + "" + parity + dataBits + (stopBits == 2 ? " 2 stop bits" : "");
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}

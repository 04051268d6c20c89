package org.kmodsim.kernel.printk;

import com.typesafe.config.Config;
import org.kmodsim.kernel.Era;
import org.kmodsim.sim.config.ConfigValues;

/**
 * The printk configuration of one machine (kmodsim.printk in reference.conf), resolved against the
 * era: buffer size (LOG_BUF_LEN and log_buf_len=), printk.time, the four console_printk values
 * after the quiet/debug/loglevel= boot parameters, ignore_loglevel, delivery mode, dmesg_restrict,
 * panic=, oops=panic, and the per-call store cost.
 */
public record PrintkSettings(
    Era era,
    int logBufLen,
    boolean printkTime,
    int consoleLoglevel,
    int defaultMessageLoglevel,
    int minimumConsoleLoglevel,
    int defaultConsoleLoglevel,
    boolean ignoreLoglevel,
    DeliveryMode delivery,
    boolean dmesgRestrict,
    int panicTimeoutSeconds,
    boolean panicOnOops,
    long storeCostNanos,
    long ratelimitIntervalNanos,
    int ratelimitBurst,
    boolean debugMessages) {

  public static PrintkSettings fromConfig(Config config, Era era, int cpus) {
    ConfigValues p = ConfigValues.of(config, "kmodsim.printk");
    int loglevel = 7;
    if (p.bool("quiet")) {
      loglevel = 4; // CONSOLE_LOGLEVEL_QUIET
    }
    if (p.bool("debug")) {
      loglevel = 10; // CONSOLE_LOGLEVEL_DEBUG
    }
    if (p.has("loglevel") && !p.string("loglevel").isBlank()) {
      loglevel = p.intIn("loglevel", 0, 15);
    }
    long logBufLen = p.bytes("log-buf-len", 0, 1L << 30);
    return new PrintkSettings(
        era,
        logBufLen(era, cpus, logBufLen),
        // CONFIG_PRINTK_TIME came with 2.6.11: a 2.4 kernel has no timestamps to switch on.
        p.bool("time") && era != Era.V2_4,
        loglevel,
        p.intIn("default-message-loglevel", 0, 7),
        1,
        p.intIn("default-console-loglevel", 1, 15),
        p.bool("ignore-loglevel"),
        p.parsed("delivery", text -> DeliveryMode.parse(text, era)),
        p.bool("dmesg-restrict"),
        p.intIn("panic", Integer.MIN_VALUE, Integer.MAX_VALUE),
        panicOnOops(config, era),
        p.duration("store-cost"),
        p.duration("ratelimit-interval"),
        p.intIn("ratelimit-burst", 0, Integer.MAX_VALUE),
        p.bool("pr-debug"));
  }

  /**
   * panic_on_oops (kernel/panic.c; the oops=panic boot parameter, sysctl kernel.panic_on_oops): one
   * switch for every oops, printk's own and the module subsystem's use-after-free, read by both
   * subsystems. It sits in kmodsim.printk next to panic= because printk models panic(). {@code
   * kmodsim.modules.panic-on-oops}, the module subsystem's former key, still counts as a deprecated
   * alias: either one set to true turns it on. 2.4 has no panic_on_oops ({@link
   * PrintkEra#panicOnOops}): the key is read and checked there too, and changes nothing.
   */
  public static boolean panicOnOops(Config config, Era era) {
    String deprecated = "kmodsim.modules.panic-on-oops";
    ConfigValues values = ConfigValues.of(config);
    boolean set = values.bool("kmodsim.printk.panic-on-oops") || values.bool(deprecated, false);
    return PrintkEra.of(era).panicOnOops(set);
  }

  /** The defaults of the era without a configuration file, for tests. */
  public static PrintkSettings defaults(Era era) {
    return new PrintkSettings(
        era,
        defaultLogBufLen(era, 1),
        true,
        7,
        4,
        1,
        7,
        false,
        DeliveryMode.defaultFor(era),
        false,
        0,
        false,
        0,
        5_000_000_000L,
        10,
        false);
  }

  /**
   * The static buffer of the era: 2.4 had 16 KiB (32 KiB with CONFIG_SMP); from 2.6.2x
   * CONFIG_LOG_BUF_SHIFT defaults to 17, 128 KiB.
   */
  public static int defaultLogBufLen(Era era, int cpus) {
    if (era == Era.V2_4) {
      return cpus > 1 ? 32768 : 16384;
    }
    return 1 << 17;
  }

  /** log_buf_len=: rounded up to a power of two, honoured only when larger than the static one. */
  static int logBufLen(Era era, int cpus, long requested) {
    int fixed = defaultLogBufLen(era, cpus);
    if (requested <= fixed) {
      return fixed;
    }
    if (requested > (1L << 30)) {
      throw new IllegalArgumentException(
          "kmodsim.printk.log-buf-len of "
              + requested
              + " bytes is larger than the model allows (1 GiB)");
    }
    return Integer.highestOneBit((int) requested - 1) << 1;
  }

  public PrintkSettings withDelivery(DeliveryMode mode) {
    return copy(logBufLen, printkTime, consoleLoglevel, mode, panicTimeoutSeconds, panicOnOops);
  }

  public PrintkSettings withTime(boolean time) {
    return copy(logBufLen, time, consoleLoglevel, delivery, panicTimeoutSeconds, panicOnOops);
  }

  public PrintkSettings withConsoleLoglevel(int level) {
    return copy(logBufLen, printkTime, level, delivery, panicTimeoutSeconds, panicOnOops);
  }

  public PrintkSettings withLogBufLen(int bytes) {
    return copy(bytes, printkTime, consoleLoglevel, delivery, panicTimeoutSeconds, panicOnOops);
  }

  public PrintkSettings withPanic(int timeoutSeconds, boolean onOops) {
    return copy(logBufLen, printkTime, consoleLoglevel, delivery, timeoutSeconds, onOops);
  }

  /** This record with the fields the with... methods change replaced, the others kept. */
  private PrintkSettings copy(
      int bytes, boolean time, int level, DeliveryMode mode, int timeoutSeconds, boolean onOops) {
    return new PrintkSettings(
        era,
        bytes,
        time,
        level,
        defaultMessageLoglevel,
        minimumConsoleLoglevel,
        defaultConsoleLoglevel,
        ignoreLoglevel,
        mode,
        dmesgRestrict,
        timeoutSeconds,
        onOops,
        storeCostNanos,
        ratelimitIntervalNanos,
        ratelimitBurst,
        debugMessages);
  }

  ConsoleLoglevel loglevels() {
    return new ConsoleLoglevel(
        era,
        consoleLoglevel,
        defaultMessageLoglevel,
        minimumConsoleLoglevel,
        defaultConsoleLoglevel,
        ignoreLoglevel);
  }
}

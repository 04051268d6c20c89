package org.kmodsim.kernel.printk;

import com.typesafe.config.Config;
import java.util.concurrent.TimeUnit;
import org.kmodsim.kernel.Era;

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
    Config p = config.getConfig("kmodsim.printk");
    int loglevel = 7;
    if (p.getBoolean("quiet")) {
      loglevel = 4; // CONSOLE_LOGLEVEL_QUIET
    }
    if (p.getBoolean("debug")) {
      loglevel = 10; // CONSOLE_LOGLEVEL_DEBUG
    }
    if (p.hasPath("loglevel") && !p.getString("loglevel").isBlank()) {
      loglevel = p.getInt("loglevel");
    }
    return new PrintkSettings(
        era,
        logBufLen(era, cpus, p.getMemorySize("log-buf-len").toBytes()),
        // CONFIG_PRINTK_TIME came with 2.6.11: a 2.4 kernel has no timestamps to switch on.
        p.getBoolean("time") && era != Era.V2_4,
        loglevel,
        p.getInt("default-message-loglevel"),
        1,
        p.getInt("default-console-loglevel"),
        p.getBoolean("ignore-loglevel"),
        DeliveryMode.parse(p.getString("delivery"), era),
        p.getBoolean("dmesg-restrict"),
        p.getInt("panic"),
        panicOnOops(config),
        p.getDuration("store-cost", TimeUnit.NANOSECONDS),
        p.getDuration("ratelimit-interval", TimeUnit.NANOSECONDS),
        p.getInt("ratelimit-burst"),
        p.getBoolean("pr-debug"));
  }

  /**
   * panic_on_oops (kernel/panic.c; the oops=panic boot parameter, sysctl kernel.panic_on_oops): one
   * switch for every oops, printk's own and the module subsystem's use-after-free, read by both
   * subsystems. It sits in kmodsim.printk next to panic= because printk models panic(). {@code
   * kmodsim.modules.panic-on-oops}, the module subsystem's former key, still counts as a deprecated
   * alias: either one set to true turns it on.
   */
  public static boolean panicOnOops(Config config) {
    String deprecated = "kmodsim.modules.panic-on-oops";
    return config.getBoolean("kmodsim.printk.panic-on-oops")
        || (config.hasPath(deprecated) && config.getBoolean(deprecated));
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
    return new PrintkSettings(
        era,
        logBufLen,
        printkTime,
        consoleLoglevel,
        defaultMessageLoglevel,
        minimumConsoleLoglevel,
        defaultConsoleLoglevel,
        ignoreLoglevel,
        mode,
        dmesgRestrict,
        panicTimeoutSeconds,
        panicOnOops,
        storeCostNanos,
        ratelimitIntervalNanos,
        ratelimitBurst,
        debugMessages);
  }

  public PrintkSettings withTime(boolean time) {
    return new PrintkSettings(
        era,
        logBufLen,
        time,
        consoleLoglevel,
        defaultMessageLoglevel,
        minimumConsoleLoglevel,
        defaultConsoleLoglevel,
        ignoreLoglevel,
        delivery,
        dmesgRestrict,
        panicTimeoutSeconds,
        panicOnOops,
        storeCostNanos,
        ratelimitIntervalNanos,
        ratelimitBurst,
        debugMessages);
  }

  public PrintkSettings withConsoleLoglevel(int level) {
    return new PrintkSettings(
        era,
        logBufLen,
        printkTime,
        level,
        defaultMessageLoglevel,
        minimumConsoleLoglevel,
        defaultConsoleLoglevel,
        ignoreLoglevel,
        delivery,
        dmesgRestrict,
        panicTimeoutSeconds,
        panicOnOops,
        storeCostNanos,
        ratelimitIntervalNanos,
        ratelimitBurst,
        debugMessages);
  }

  public PrintkSettings withLogBufLen(int bytes) {
    return new PrintkSettings(
        era,
        bytes,
        printkTime,
        consoleLoglevel,
        defaultMessageLoglevel,
        minimumConsoleLoglevel,
        defaultConsoleLoglevel,
        ignoreLoglevel,
        delivery,
        dmesgRestrict,
        panicTimeoutSeconds,
        panicOnOops,
        storeCostNanos,
        ratelimitIntervalNanos,
        ratelimitBurst,
        debugMessages);
  }

  public PrintkSettings withPanic(int timeoutSeconds, boolean onOops) {
    return new PrintkSettings(
        era,
        logBufLen,
        printkTime,
        consoleLoglevel,
        defaultMessageLoglevel,
        minimumConsoleLoglevel,
        defaultConsoleLoglevel,
        ignoreLoglevel,
        delivery,
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

package org.kmodsim.scenarios.machine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.KernelCmdline;
import org.kmodsim.kernel.Utsname;
import org.kmodsim.kernel.module.KernelTree;
import org.kmodsim.sim.config.ConfigValues;

/**
 * The VFS's own files, fixed at boot and built once per configuration ({@link
 * BootContext#settings}): uname(2)'s (a real tree's release when the module directory is one) and
 * /proc/cmdline, the command line the machine booted with ({@link KernelCmdline}): the boot
 * loader's words, the boot parameters the other keys configure, then {@code
 * kmodsim.machine.cmdline}.
 */
record UtsnameFiles(Map<String, String> files) {
  static UtsnameFiles of(BootContext boot) {
    return boot.settings(
        UtsnameFiles.class,
        b -> {
          Map<String, String> files = new HashMap<>(utsname(b.config(), b.era()).procFiles());
          files.put("/proc/cmdline", cmdline(b.config(), b.era()).procFile());
          return new UtsnameFiles(Map.copyOf(files));
        });
  }

  private static Utsname utsname(Config config, Era era) {
    String directory = ConfigValues.of(config, "kmodsim.modules").string("directory");
    return Utsname.of(era, KernelTree.release(directory, era));
  }

  /**
   * The machine's command line; a {@code kmodsim.machine.cmdline} of more than one line is refused
   * at its origin.
   */
  static KernelCmdline cmdline(Config config, Era era) {
    ConfigValues machine = ConfigValues.of(config, "kmodsim.machine");
    String extra = machine.string("cmdline", "");
    if (extra.indexOf('\n') >= 0 || extra.indexOf('\0') >= 0) {
      throw machine.bad("cmdline", "a kernel command line is one line (no newline or NUL)");
    }
    return KernelCmdline.of(era, utsname(config, era).release(), parameters(config, era), extra);
  }

  /** The boot parameters other keys stand for, as a boot loader's configuration would pass them. */
  private static List<String> parameters(Config config, Era era) {
    List<String> words = new ArrayList<>();
    if (config.hasPath("kmodsim.console")) {
      ConfigValue consoles = config.getValue("kmodsim.console");
      List<Object> specs =
          consoles.valueType() == ConfigValueType.LIST
              ? List.copyOf(config.getList("kmodsim.console").unwrapped())
              : List.of(consoles.unwrapped());
      for (Object spec : specs) {
        String text = String.valueOf(spec).strip();
        if (!text.equals("capture")) { // the model's own console: no kernel console= name
          words.add("console=" + text);
        }
      }
    }
    ConfigValues printk = ConfigValues.of(config, "kmodsim.printk");
    String loglevel = printk.string("loglevel", "").strip();
    if (!loglevel.isEmpty()) {
      words.add("loglevel=" + loglevel);
    }
    flag(words, printk, "quiet", "quiet");
    flag(words, printk, "debug", "debug");
    flag(words, printk, "ignore-loglevel", "ignore_loglevel");
    String logBufLen = printk.string("log-buf-len", "0").strip();
    if (!logBufLen.equals("0")) {
      words.add("log_buf_len=" + logBufLen);
    }
    String panic = printk.string("panic", "0").strip();
    if (!panic.equals("0")) {
      words.add("panic=" + panic);
    }
    flag(words, printk, "panic-on-oops", "oops=panic");
    ConfigValues modules = ConfigValues.of(config, "kmodsim.modules");
    if (era.atLeast(Era.V4_X) && modules.has("module-blacklist")) {
      List<String> names = config.getStringList("kmodsim.modules.module-blacklist");
      if (!names.isEmpty()) {
        words.add("module_blacklist=" + String.join(",", names));
      }
    }
    if (era.atLeast(Era.V4_X)) {
      flag(words, modules, "sig-enforce", "module.sig_enforce=1");
    }
    return words;
  }

  private static void flag(List<String> words, ConfigValues values, String key, String word) {
    if (values.bool(key, false)) {
      words.add(word);
    }
  }
}

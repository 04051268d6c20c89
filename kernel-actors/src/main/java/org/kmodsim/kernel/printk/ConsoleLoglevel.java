package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * console_printk[4] (kernel/printk/printk.c, include/linux/printk.h) and everything that changes
 * it: the /proc/sys/kernel/printk file (proc_dointvec: no range check, a short write updates the
 * leading values, text that is not a number is EINVAL), syslog actions 6, 7 and 8 with the era's
 * saved-level rules, console_verbose() and the ignore_loglevel switch. The filter itself, {@link
 * #suppressed}, runs when a console prints a record, not when printk stores it.
 */
public final class ConsoleLoglevel {
  /** CONSOLE_LOGLEVEL_MOTORMOUTH: what console_verbose() sets. */
  public static final int MOTORMOUTH = 15;

  private final Era era;
  private final boolean ignoreLoglevel;
  private int consoleLoglevel;
  private int defaultMessageLoglevel;
  private int minimumConsoleLoglevel;
  private int defaultConsoleLoglevel;

  /** saved_console_loglevel, LOGLEVEL_DEFAULT (-1) when nothing is saved (2.6.32+). */
  private int savedConsoleLoglevel = Loglevel.DEFAULT;

  public ConsoleLoglevel(
      Era era,
      int consoleLoglevel,
      int defaultMessageLoglevel,
      int minimumConsoleLoglevel,
      int defaultConsoleLoglevel,
      boolean ignoreLoglevel) {
    this.era = era;
    this.consoleLoglevel = consoleLoglevel;
    this.defaultMessageLoglevel = defaultMessageLoglevel;
    this.minimumConsoleLoglevel = minimumConsoleLoglevel;
    this.defaultConsoleLoglevel = defaultConsoleLoglevel;
    this.ignoreLoglevel = ignoreLoglevel;
  }

  /** The kernel defaults: 7 4 1 7. */
  public static ConsoleLoglevel defaults(Era era) {
    return new ConsoleLoglevel(era, 7, 4, 1, 7, false);
  }

  /** suppress_message_printing(): level >= console_loglevel and not ignore_loglevel. */
  public boolean suppressed(int level) {
    return level >= consoleLoglevel && !ignoreLoglevel;
  }

  /** Reading /proc/sys/kernel/printk: the four values, tab-separated, then a newline. */
  public String read() {
    return consoleLoglevel
        + "\t"
        + defaultMessageLoglevel
        + "\t"
        + minimumConsoleLoglevel
        + "\t"
        + defaultConsoleLoglevel
        + "\n";
  }

  /**
   * Writing /proc/sys/kernel/printk as proc_dointvec does: whitespace-separated integers, the first
   * ones replace the leading values, values beyond four are ignored, nothing is clamped.
   *
   * @return null on success, else the errno (EINVAL)
   */
  public Errno write(String data) {
    List<Integer> values = new ArrayList<>();
    for (String word : data.trim().split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      try {
        values.add(Integer.parseInt(word));
      } catch (NumberFormatException e) {
        if (values.isEmpty()) {
          return Errno.EINVAL;
        }
        break; // proc_dointvec stops at the first bad value and keeps the ones before
      }
      if (values.size() == 4) {
        break;
      }
    }
    if (values.isEmpty()) {
      return Errno.EINVAL;
    }
    int[] fields = {
      consoleLoglevel, defaultMessageLoglevel, minimumConsoleLoglevel, defaultConsoleLoglevel
    };
    for (int i = 0; i < values.size(); i++) {
      fields[i] = values.get(i);
    }
    consoleLoglevel = fields[0];
    defaultMessageLoglevel = fields[1];
    minimumConsoleLoglevel = fields[2];
    defaultConsoleLoglevel = fields[3];
    return null;
  }

  /** syslog action 6, SYSLOG_ACTION_CONSOLE_OFF. */
  public void consoleOff() {
    if (savesLevel()) {
      if (savedConsoleLoglevel == Loglevel.DEFAULT) {
        savedConsoleLoglevel = consoleLoglevel;
      }
    }
    consoleLoglevel = minimumConsoleLoglevel;
  }

  /** syslog action 7, SYSLOG_ACTION_CONSOLE_ON. */
  public void consoleOn() {
    if (savesLevel()) {
      if (savedConsoleLoglevel != Loglevel.DEFAULT) {
        consoleLoglevel = savedConsoleLoglevel;
        savedConsoleLoglevel = Loglevel.DEFAULT;
      }
    } else {
      consoleLoglevel = defaultConsoleLoglevel;
    }
  }

  /**
   * syslog action 8, SYSLOG_ACTION_CONSOLE_LEVEL: 1..8 else EINVAL; below the minimum is raised to
   * it; forgets a saved level.
   */
  public Errno consoleLevel(int level) {
    if (level < 1 || level > 8) {
      return Errno.EINVAL;
    }
    consoleLoglevel = Math.max(level, minimumConsoleLoglevel);
    savedConsoleLoglevel = Loglevel.DEFAULT;
    return null;
  }

  /** console_verbose(): 15, unless the level is 0 (silent stays silent). */
  public void verbose() {
    if (consoleLoglevel != 0) {
      consoleLoglevel = MOTORMOUTH;
    }
  }

  private boolean savesLevel() {
    return era.atLeast(Era.V2_6); // saved_console_loglevel arrived in 2.6.32
  }

  public int consoleLoglevel() {
    return consoleLoglevel;
  }

  public int defaultMessageLoglevel() {
    return defaultMessageLoglevel;
  }

  public int minimumConsoleLoglevel() {
    return minimumConsoleLoglevel;
  }

  public int defaultConsoleLoglevel() {
    return defaultConsoleLoglevel;
  }

  public boolean ignoreLoglevel() {
    return ignoreLoglevel;
  }
}

package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;

/**
 * The level of a printk call of the step language, as the era's printk() reads it. Two spellings:
 *
 * <ul>
 *   <li>a KERN_* macro as the first word, {@code printk KERN_INFO "text"}: C's {@code
 *       printk(KERN_INFO "text")}, the same level in every era. KERN_EMERG .. KERN_DEBUG exist in
 *       every era (2.4's and v2.6.32's include/linux/kernel.h: {@code "<0>"} .. {@code "<7>"},
 *       include/linux/kern_levels.h since 3.6: {@code KERN_SOH "0"} ..); KERN_CONT ({@code "<c>"})
 *       and KERN_DEFAULT ({@code "<d>"}) are in v2.6.32's kernel.h, not in 2.4's, and are
 *       kern_levels.h's {@code KERN_SOH "c"} and KERN_DEFAULT since;
 *   <li>a literal {@code "<N>"} at the start of the format, as old code writes it: before 3.6
 *       printk() took it for the level (2.6.32 kernel/printk.c vprintk: {@code <0>}..{@code <7>},
 *       {@code <c>}, {@code <d>}; 2.4 printk: {@code <0>}..{@code <7>} only); since 3.6 only {@code
 *       KERN_SOH} + a digit or 'c' is a level (include/linux/printk.h printk_get_level), so {@code
 *       "<1>"} is text and the record gets default_message_loglevel ({@link Loglevel#split}).
 * </ul>
 */
public final class KernLevels {
  private KernLevels() {}

  /**
   * A printk step's words split into its level and the rest.
   *
   * @param level 0..7, or {@link Loglevel#DEFAULT}
   * @param cont KERN_CONT
   * @param format the format without the level: after the macro, or after an era's "&lt;N&gt;"
   * @param args the arguments after the format
   * @param site the format as the C source spells it (the macro's name and the format), for the
   *     gates' call sites
   */
  public record Leveled(int level, boolean cont, String format, List<String> args, String site) {
    public Leveled {
      args = List.copyOf(args);
    }
  }

  public static Leveled split(List<String> words, Era era) {
    String first = PrintkLine.first(words);
    if (isMacro(first)) {
      refuseIfMissing(first, era);
      if (words.size() < 2) {
        throw new IllegalArgumentException("needs a format after " + first);
      }
      String format = words.get(1);
      int level = level(first);
      boolean cont = first.equals("KERN_CONT");
      return new Leveled(level, cont, format, words.subList(2, words.size()), first + " " + format);
    }
    Loglevel.Prefixed prefixed = Loglevel.split(first, era);
    return new Leveled(
        prefixed.level(), prefixed.cont(), prefixed.text(), words.subList(1, words.size()), first);
  }

  /**
   * The KERN_* level macros the era has, in kern_levels.h's order: KERN_EMERG .. KERN_DEBUG, then
   * KERN_DEFAULT and KERN_CONT from 2.6 (2.4's kernel.h has neither).
   */
  public static List<String> macros(Era era) {
    List<String> macros = new ArrayList<>();
    for (Loglevel level : Loglevel.values()) {
      macros.add(level.name());
    }
    if (era != Era.V2_4) {
      macros.add("KERN_DEFAULT");
      macros.add("KERN_CONT");
    }
    return List.copyOf(macros);
  }

  /** Whether {@code word} names a KERN_* level macro of kern_levels.h. */
  private static boolean isMacro(String word) {
    return word.equals("KERN_CONT") || word.equals("KERN_DEFAULT") || levelNumber(word) >= 0;
  }

  private static void refuseIfMissing(String macro, Era era) {
    if (!macros(era).contains(macro)) {
      String came = macro.equals("KERN_CONT") ? "2.6.24" : "2.6.32";
      throw new IllegalArgumentException(
          era.release() + " has no " + macro + " (it came in " + came + ")");
    }
  }

  private static int level(String macro) {
    int number = levelNumber(macro);
    return number >= 0 ? number : Loglevel.DEFAULT;
  }

  private static int levelNumber(String word) {
    for (Loglevel level : Loglevel.values()) {
      if (level.name().equals(word)) {
        return level.number();
      }
    }
    return -1;
  }
}

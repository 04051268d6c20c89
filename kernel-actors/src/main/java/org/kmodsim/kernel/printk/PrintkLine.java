package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.FunctionName;

/**
 * One printk call of the step language, parsed and formatted when its line is parsed: the level (a
 * KERN_* macro before the format, or a literal "&lt;N&gt;" the era's printk reads: {@link
 * KernLevels}), whether it continues a line (KERN_CONT) and ends one (a trailing newline, written
 * {@code \n} as in C), the text formatted with the kernel's vsnprintf rules, the rate-limit gate,
 * and vsnprintf's warning if any. Pure; {@link PrintkSteps} sends it.
 *
 * @param gate {@code "once:FORMAT"} (printk_once), {@code "ratelimit:FORMAT"}, or null
 */
record PrintkLine(
    int level,
    boolean cont,
    boolean newline,
    String text,
    String gate,
    String warning,
    Restricted restricted) {

  /**
   * A format with %pK, whose text depends on kptr_restrict and current's CAP_SYSLOG when printk
   * runs (restricted_pointer() reads both at the call): formatted again then.
   */
  record Restricted(
      int level,
      boolean cont,
      String format,
      List<String> args,
      String gate,
      PrintkSettings s,
      long key) {
    PrintkLine with(PrintkFormat.PointerAccess access) {
      return of(level, cont, format, args, gate, s, key, access);
    }
  }

  /**
   * printk, printk_once ({@code gate} "once:"), printk_ratelimited ("ratelimit:"): the level from a
   * KERN_* macro or the era's literal "&lt;N&gt;" ({@link KernLevels}).
   */
  static PrintkLine printk(List<String> args, String gate, PrintkSettings settings, long key) {
    KernLevels.Leveled leveled = KernLevels.split(args, settings.era());
    String site = gate == null ? null : gate + leveled.site();
    return of(
        leveled.level(), leveled.cont(), leveled.format(), leveled.args(), site, settings, key);
  }

  /** A pr_* helper or pr_cont: the level is the helper's, the format has no prefix. */
  static PrintkLine helper(
      int level, boolean cont, List<String> args, PrintkSettings settings, long key) {
    return of(level, cont, first(args), args.subList(1, args.size()), null, settings, key);
  }

  private static PrintkLine of(
      int level,
      boolean cont,
      String format,
      List<String> args,
      String gate,
      PrintkSettings settings,
      long key) {
    return of(level, cont, format, args, gate, settings, key, null);
  }

  /** {@code access} null: kptr_restrict 0, and remember the call if %pK makes it matter. */
  private static PrintkLine of(
      int level,
      boolean cont,
      String format,
      List<String> args,
      String gate,
      PrintkSettings settings,
      long key,
      PrintkFormat.PointerAccess access) {
    if (format.equals(">") || args.contains(">")) {
      throw new IllegalArgumentException(
          "a shell would take '>' as a redirection: quote the"
              + " format, as in printk KERN_INFO 'text'");
    }
    PrintkFormat.PointerAccess shown = access == null ? PrintkFormat.PointerAccess.OPEN : access;
    PrintkFormat.Formatted formatted =
        PrintkFormat.format(format, new ArrayList<>(args), settings.era(), key, shown);
    Restricted restricted = null;
    if (access == null && dependsOnAccess(format, args, settings, key, formatted)) {
      restricted = new Restricted(level, cont, format, List.copyOf(args), gate, settings, key);
    }
    String text = formatted.text();
    // The newline ends the line; a trailing backslash-n is the C escape a shell word cannot hold.
    boolean newline = text.endsWith("\n") || text.endsWith("\\n");
    if (newline) {
      text = text.substring(0, text.length() - (text.endsWith("\n") ? 1 : 2));
    }
    return new PrintkLine(level, cont, newline, text, gate, formatted.warning(), restricted);
  }

  /** Whether kptr_restrict 1 or 2 would print this call differently (it has a %pK). */
  private static boolean dependsOnAccess(
      String format,
      List<String> args,
      PrintkSettings settings,
      long key,
      PrintkFormat.Formatted open) {
    for (PrintkFormat.PointerAccess other :
        List.of(
            new PrintkFormat.PointerAccess(1, true), new PrintkFormat.PointerAccess(2, false))) {
      if (!PrintkFormat.format(format, new ArrayList<>(args), settings.era(), key, other)
          .equals(open)) {
        return true;
      }
    }
    return false;
  }

  /** The record printk() from {@code caller} on CPU {@code cpu} hands Printk (no emergency). */
  Printk.Emit emit(int cpu, FunctionName caller, ActorRef<Printk.Emitted> replyTo) {
    return new Printk.Emit(cpu, level, cont, newline, text, false, gate, caller, replyTo);
  }

  static String first(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a format");
    }
    return args.get(0);
  }

  /** The words of panic and oops. */
  static String message(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a message");
    }
    return String.join(" ", args);
  }
}

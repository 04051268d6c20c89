package org.kmodsim.kernel.kallsyms;

import java.util.List;
import java.util.Locale;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Request;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * The kallsyms calls as commands of the step language: {@code kallsyms_lookup_name NAME [VAR]}
 * (kernel/kallsyms.c; exported to modules up to 5.6). Registered by whichever subsystem boots the
 * symbol table.
 */
public final class KallsymsSteps {
  private KallsymsSteps() {}

  public static void register(Commands commands) {
    commands.registerIfAbsent(
        "kallsyms_lookup_name NAME [VAR] (0 when unknown; exported to modules up to 5.6)",
        KallsymsSteps::lookupName);
  }

  /** kallsyms_lookup_name(name): the address, or 0; printed unless a variable receives it. */
  static Step lookupName(List<String> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException("needs a symbol name and optionally a variable");
    }
    String variable = args.size() == 2 ? args.get(1) : null;
    return new Request<>(
        "kallsyms_lookup_name",
        Kallsyms.KEY,
        (cpu, replyTo) -> new Kallsyms.LookupName(args.get(0), replyTo),
        Kallsyms.Address.class,
        (cpu, found) -> show(cpu, variable, found.address(), true));
  }

  /**
   * A kernel value the program reads, as the C return value: into {@code variable}, or printed when
   * there is none (a pointer in hex as %px prints it, a count in decimal).
   */
  public static StepResult show(CpuContext cpu, String variable, long value, boolean pointer) {
    if (variable != null) {
      cpu.setVariable(variable, value);
    } else {
      cpu.out(pointer ? String.format(Locale.ROOT, "%016x%n", value) : value + "\n");
    }
    return cpu.returning(value);
  }
}

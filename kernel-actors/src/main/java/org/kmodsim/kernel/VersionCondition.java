package org.kmodsim.kernel;

import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Step;

/**
 * include/generated/uapi/linux/version.h and generated/utsrelease.h in module files: {@code
 * LINUX_VERSION_CODE}, {@code KERNEL_VERSION(a,b,c)} and {@code UTS_RELEASE} as steps, so a module
 * can do what {@code #if LINUX_VERSION_CODE >= KERNEL_VERSION(2,6,0)} does: {@code if =
 * "LINUX_VERSION_CODE >= KERNEL_VERSION(2,6,0)"}. The step's result is the comparison (1 or 0), or,
 * without one, the value; {@code UTS_RELEASE == "2.6.32"} compares the release string. The
 * expression is {@link VersionExpression}'s, evaluated when the step is parsed; a bad one is a
 * one-line error naming it.
 */
public final class VersionCondition {
  private VersionCondition() {}

  /** Registers {@code LINUX_VERSION_CODE} and {@code UTS_RELEASE}, the expression's first word. */
  public static void register(Commands commands, Era era) {
    for (String word : new String[] {"LINUX_VERSION_CODE", "UTS_RELEASE"}) {
      commands.register(
          word
              + (word.equals("UTS_RELEASE")
                  ? " ==|!= RELEASE (utsrelease.h; the result is 1 or 0)"
                  : " [OP KERNEL_VERSION(a,b,c)|N] (version.h; the result is 1 or 0)"),
          args -> {
            long value = VersionExpression.evaluate(VersionExpression.joined(word, args), era);
            return Step.of(word, cpu -> cpu.returning(value));
          });
    }
  }
}

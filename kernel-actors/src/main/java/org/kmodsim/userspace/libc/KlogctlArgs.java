package org.kmodsim.userspace.libc;

import java.util.List;

/**
 * {@code syslog ACTION [LEN]}'s arguments as the step language writes them ({@link Klogctl}): the
 * action (SYSLOG_ACTION_*, 0 to 10) and the buffer length, 0 without one. Pure; a bad line is an
 * IllegalArgumentException.
 */
record KlogctlArgs(int type, int len) {
  static KlogctlArgs parse(List<String> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException("needs an action and maybe a length");
    }
    try {
      int type = Integer.parseInt(args.get(0));
      return new KlogctlArgs(type, args.size() > 1 ? Integer.parseInt(args.get(1)) : 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("action and length are numbers");
    }
  }
}

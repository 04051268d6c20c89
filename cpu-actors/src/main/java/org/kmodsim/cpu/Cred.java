package org.kmodsim.cpu;

import java.util.EnumSet;
import java.util.Set;

/** The credentials of the process making a system call (struct cred, reduced). */
public record Cred(int uid, String user, Set<Capability> capabilities) {
  public Cred {
    capabilities = Set.copyOf(capabilities);
  }

  // Built once: a Cred is immutable (its capabilities an unmodifiable copy), and every run and
  // shell line asks for one.
  private static final Cred ROOT = new Cred(0, "root", EnumSet.allOf(Capability.class));
  private static final Cred NOBODY = new Cred(65534, "nobody", EnumSet.noneOf(Capability.class));

  public static Cred root() {
    return ROOT;
  }

  public static Cred nobody() {
    return NOBODY;
  }

  /** root or nobody; anything else is bad input. */
  public static Cred named(String user) {
    return switch (user) {
      case "root" -> root();
      case "nobody" -> nobody();
      default -> throw new IllegalArgumentException("su: user " + user + " does not exist");
    };
  }

  public boolean has(Capability capability) {
    return capabilities.contains(capability);
  }

  public boolean isRoot() {
    return uid == 0;
  }
}

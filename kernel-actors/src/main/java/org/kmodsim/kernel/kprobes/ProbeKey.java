package org.kmodsim.kernel.kprobes;

/**
 * The identity of one {@code struct kprobe} (or kretprobe) in memory: the variable {@code name} in
 * the module {@code owner} that declares it ("" for built-in code and scenario programs).
 * Registering the same struct twice is the re-registration the kernel refuses.
 */
public record ProbeKey(String owner, String name) implements Comparable<ProbeKey> {
  public ProbeKey {
    owner = owner == null ? "" : owner;
  }

  @Override
  public int compareTo(ProbeKey other) {
    int byOwner = owner.compareTo(other.owner);
    return byOwner != 0 ? byOwner : name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return owner.isEmpty() ? name : owner + ":" + name;
  }
}

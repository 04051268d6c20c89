package org.kmodsim.kernel.kallsyms;

/**
 * One symbol of the kernel or of a module (kallsyms entry plus, when exported, its ksymtab
 * entry): the nm type letter, the owner ({@code null} for vmlinux), and for exports the GPL flag,
 * the namespace (empty for none) and the modversions CRC ({@code null} when unversioned).
 */
public record KernelSymbol(
    String name,
    long address,
    char type,
    String owner,
    boolean exported,
    boolean gplOnly,
    String namespace,
    Long crc) {

  public KernelSymbol {
    namespace = namespace == null ? "" : namespace;
  }

  public boolean inKernel() {
    return owner == null;
  }

  /** The owner as the duplicate-export message names it. */
  public String ownerName() {
    return owner == null ? "kernel" : owner;
  }
}

package org.kmodsim.kernel.kallsyms;

/**
 * One symbol of the kernel or of a module (kallsyms entry plus, when exported, its ksymtab
 * entry): the nm type letter, the owner ({@code null} for vmlinux), for exports the GPL flag,
 * the namespace (empty for none) and the modversions CRC ({@code null} when unversioned), and the
 * size kallsyms_lookup_size_offset reports (0 while unknown: the table measures it to the next
 * symbol of the same owner when it answers a lookup).
 */
public record KernelSymbol(
    String name,
    long address,
    char type,
    String owner,
    boolean exported,
    boolean gplOnly,
    String namespace,
    Long crc,
    long size) {

  public KernelSymbol {
    namespace = namespace == null ? "" : namespace;
  }

  /** A symbol whose size the table measures. */
  public KernelSymbol(String name, long address, char type, String owner, boolean exported,
      boolean gplOnly, String namespace, Long crc) {
    this(name, address, type, owner, exported, gplOnly, namespace, crc, 0);
  }

  /** An unexported symbol of {@code size} bytes (a function the kernel or a module defines). */
  public static KernelSymbol local(String name, long address, long size, char type,
      String owner) {
    return new KernelSymbol(name, address, type, owner, false, false, "", null, size);
  }

  public boolean inKernel() {
    return owner == null;
  }

  /** The owner as the duplicate-export message names it. */
  public String ownerName() {
    return owner == null ? "kernel" : owner;
  }

  /** A text symbol (T/t): code that can be called and probed. */
  public boolean isText() {
    return type == 'T' || type == 't';
  }

  /** {@code address} lies in [address, address + size). */
  public boolean contains(long where) {
    return where >= address && where < address + size;
  }

  KernelSymbol withSize(long newSize) {
    return new KernelSymbol(name, address, type, owner, exported, gplOnly, namespace, crc,
        newSize);
  }

  KernelSymbol at(long newAddress, long newSize) {
    return new KernelSymbol(name, newAddress, type, owner, exported, gplOnly, namespace, crc,
        newSize);
  }
}

package org.kmodsim.kernel.module.elf;

/**
 * A module file that cannot be read: one line, {@code FILE: what is wrong}. {@link #notElf()} tells
 * kmod's two answers apart: a file that is not ELF at all (elf_identify, ENOEXEC, "Exec format
 * error") and an ELF file whose contents do not hold together (kmod_elf_new, EINVAL, "Invalid
 * argument").
 */
public final class KoFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String detail;
  private final boolean notElf;

  public KoFormatException(String file, String detail, boolean notElf) {
    super(file + ": " + detail);
    this.file = file;
    this.detail = detail;
    this.notElf = notElf;
  }

  public String file() {
    return file;
  }

  public String detail() {
    return detail;
  }

  /** The file is not an ELF object (ENOEXEC), rather than a damaged one (EINVAL). */
  public boolean notElf() {
    return notElf;
  }
}

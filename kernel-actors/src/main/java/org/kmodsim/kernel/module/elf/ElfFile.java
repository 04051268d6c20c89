package org.kmodsim.kernel.module.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An ELF relocatable object read from a byte array, with every offset checked against the end (kmod
 * libkmod/libkmod-elf.c, kmod_elf_new and elf_get_section_info; kernel/module/main.c,
 * elf_validity_check): the header, the section headers and their names. ELFCLASS64 and ELFCLASS32,
 * little-endian only (x86-64 and i386 modules). Nothing is allocated beyond the section table,
 * whose size the file's own length bounds.
 */
final class ElfFile {
  static final int SHT_SYMTAB = 2;
  static final int SHT_NOBITS = 8;
  static final int SHN_UNDEF = 0;
  static final int SHN_LORESERVE = 0xff00;
  static final int SHN_ABS = 0xfff1;
  static final long SHF_ALLOC = 2;

  /** One section header. */
  record Section(
      int index,
      String name,
      int type,
      long flags,
      long offset,
      long size,
      int link,
      int info,
      long entsize) {}

  final String file;
  final byte[] bytes;
  final int length;
  final boolean is64;
  final int type;
  final int machine;
  final List<Section> sections;

  private ElfFile(String file, byte[] bytes, int length, boolean is64, int type, int machine) {
    this.file = file;
    this.bytes = bytes;
    this.length = length;
    this.is64 = is64;
    this.type = type;
    this.machine = machine;
    this.sections = new ArrayList<>();
  }

  /** Reads the first {@code length} bytes of {@code bytes} (the image without its signature). */
  static ElfFile parse(String file, byte[] bytes, int length) {
    if (length < 16 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
      throw new KoFormatException(file, "not an ELF file (no \\x7fELF magic)", true);
    }
    int elfClass = bytes[4];
    if (elfClass != 1 && elfClass != 2) {
      throw new KoFormatException(file, "unknown ELF class " + elfClass, true);
    }
    if (bytes[5] != 1) {
      throw new KoFormatException(
          file, "not a little-endian ELF file (EI_DATA " + bytes[5] + ")", true);
    }
    boolean is64 = elfClass == 2;
    int headerSize = is64 ? 64 : 52;
    if (length < headerSize) {
      throw bad(file, "truncated ELF header: " + length + " of " + headerSize + " bytes");
    }
    ElfFile elf = new ElfFile(file, bytes, length, is64, u16(bytes, 16), u16(bytes, 18));
    elf.readSections();
    return elf;
  }

  private void readSections() {
    long shoff = is64 ? u64(40) : u32(32);
    int shentsize = u16(is64 ? 58 : 46);
    int shnum = u16(is64 ? 60 : 48);
    int shstrndx = u16(is64 ? 62 : 50);
    int expected = is64 ? 64 : 40;
    if (shentsize != expected) {
      throw bad(file, "section header size " + shentsize + ", expected " + expected);
    }
    if (shnum == 0) {
      throw bad(file, "no section headers (e_shnum 0)");
    }
    if (!fits(shoff, (long) shnum * shentsize)) {
      throw bad(
          file,
          shnum
              + " section headers at offset "
              + Long.toUnsignedString(shoff)
              + " run past the end of the file ("
              + length
              + " bytes)");
    }
    if (shstrndx >= shnum) {
      throw bad(file, "section name table index " + shstrndx + " out of range (" + shnum + ")");
    }
    List<long[]> raw = new ArrayList<>(shnum);
    for (int i = 0; i < shnum; i++) {
      int at = (int) shoff + i * shentsize;
      long[] h =
          is64
              ? new long[] {
                u32(at),
                u32(at + 4),
                u64(at + 8),
                u64(at + 24),
                u64(at + 32),
                u32(at + 40),
                u32(at + 44),
                u64(at + 56)
              }
              : new long[] {
                u32(at),
                u32(at + 4),
                u32(at + 8),
                u32(at + 16),
                u32(at + 20),
                u32(at + 24),
                u32(at + 28),
                u32(at + 36)
              };
      if (h[1] != SHT_NOBITS && !fits(h[3], h[4])) {
        throw bad(
            file,
            "section "
                + i
                + " (offset "
                + Long.toUnsignedString(h[3])
                + ", size "
                + Long.toUnsignedString(h[4])
                + ") runs past the end of the file ("
                + length
                + " bytes)");
      }
      raw.add(h);
    }
    long[] names = raw.get(shstrndx);
    if (names[1] == SHT_NOBITS || names[4] == 0 || bytes[(int) (names[3] + names[4] - 1)] != 0) {
      throw bad(file, "section name table does not end with NUL");
    }
    for (int i = 0; i < shnum; i++) {
      long[] h = raw.get(i);
      if (h[0] >= names[4]) {
        throw bad(file, "section " + i + " name offset " + h[0] + " past its table");
      }
      String name = cstring(names[3] + h[0], names[3] + names[4], "section name");
      sections.add(
          new Section(i, name, (int) h[1], h[2], h[3], h[4], (int) h[5], (int) h[6], h[7]));
    }
  }

  /** The first section called {@code name}, as the kernel and kmod look sections up; or null. */
  Section section(String name) {
    for (Section s : sections) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  Section section(int index) {
    if (index < 0 || index >= sections.size()) {
      throw bad(file, "section index " + index + " out of range (" + sections.size() + ")");
    }
    return sections.get(index);
  }

  /** Bytes [offset, offset + size) lie in the image (sizes unsigned, no overflow). */
  boolean fits(long offset, long size) {
    return offset >= 0 && size >= 0 && offset <= length && size <= length - offset;
  }

  /** The data of a section that has some (not NOBITS). */
  byte[] data(Section s) {
    if (s.type() == SHT_NOBITS) {
      return new byte[0];
    }
    byte[] out = new byte[(int) s.size()];
    System.arraycopy(bytes, (int) s.offset(), out, 0, out.length);
    return out;
  }

  /** The NUL-terminated string at {@code at}, which must end before {@code end}. */
  String cstring(long at, long end, String what) {
    if (at < 0 || at >= end || end > length) {
      throw bad(file, what + " at offset " + at + " is past the end of its section");
    }
    for (int i = (int) at; i < end; i++) {
      if (bytes[i] == 0) {
        return new String(bytes, (int) at, i - (int) at, StandardCharsets.UTF_8);
      }
    }
    throw bad(file, what + " at offset " + at + " is not NUL-terminated");
  }

  int u16(int at) {
    check(at, 2);
    return u16(bytes, at);
  }

  long u32(int at) {
    check(at, 4);
    return (bytes[at] & 0xffL)
        | (bytes[at + 1] & 0xffL) << 8
        | (bytes[at + 2] & 0xffL) << 16
        | (bytes[at + 3] & 0xffL) << 24;
  }

  long u64(int at) {
    check(at, 8);
    return u32(at) | u32(at + 4) << 32;
  }

  /** A word: u64 in ELFCLASS64, u32 in ELFCLASS32. */
  long word(int at) {
    return is64 ? u64(at) : u32(at);
  }

  private void check(int at, int size) {
    if (!fits(at, size)) {
      throw bad(file, "read of " + size + " bytes at offset " + at + " past the end");
    }
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  static KoFormatException bad(String file, String why) {
    return new KoFormatException(file, why, false);
  }
}

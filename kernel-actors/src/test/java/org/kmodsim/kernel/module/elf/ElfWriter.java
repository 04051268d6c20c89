package org.kmodsim.kernel.module.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side ELF writer: a relocatable object from a list of sections, laid out as the kernel build
 * lays a .ko out (header, section data, the section name table, then the section headers last).
 * Fields can be overridden afterwards to make malformed files.
 */
final class ElfWriter {
  /** One section to write; {@code size} -1 means the data's length. */
  static final class Section {
    final String name;
    final int type;
    final long flags;
    final byte[] data;
    int link;
    int info;
    long entsize;
    long size = -1;
    long offset = Long.MIN_VALUE;

    Section(String name, int type, long flags, byte[] data) {
      this.name = name;
      this.type = type;
      this.flags = flags;
      this.data = data;
    }
  }

  final boolean is64;
  final List<Section> sections = new ArrayList<>();
  int machine;
  int type = 1;

  ElfWriter(boolean is64) {
    this.is64 = is64;
    this.machine = is64 ? 62 : 3;
  }

  /** Adds a section; returns its index (the null section is 0). */
  int add(Section section) {
    sections.add(section);
    return sections.size();
  }

  byte[] build() {
    ByteArrayOutputStream names = new ByteArrayOutputStream();
    names.write(0);
    int[] nameOffsets = new int[sections.size() + 1];
    for (int i = 0; i < sections.size(); i++) {
      nameOffsets[i] = names.size();
      names.writeBytes(sections.get(i).name.getBytes(StandardCharsets.UTF_8));
      names.write(0);
    }
    nameOffsets[sections.size()] = names.size();
    names.writeBytes(".shstrtab\0".getBytes(StandardCharsets.UTF_8));
    int headerSize = is64 ? 64 : 52;
    int shentsize = is64 ? 64 : 40;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[headerSize]);
    long[] offsets = new long[sections.size() + 1];
    for (int i = 0; i < sections.size(); i++) {
      align(body, 8);
      offsets[i] = body.size();
      if (sections.get(i).type != 8) {
        body.writeBytes(sections.get(i).data);
      }
    }
    offsets[sections.size()] = body.size();
    body.writeBytes(names.toByteArray());
    align(body, 8);
    int shoff = body.size();
    int shnum = sections.size() + 2;
    ByteBuffer out = ByteBuffer.allocate(shoff + shnum * shentsize).order(ByteOrder.LITTLE_ENDIAN);
    out.put(body.toByteArray());
    out.put(0, new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), 1, 1});
    out.putShort(16, (short) type);
    out.putShort(18, (short) machine);
    out.putInt(20, 1);
    if (is64) {
      out.putLong(40, shoff);
      out.putShort(52, (short) 64);
      out.putShort(58, (short) shentsize);
      out.putShort(60, (short) shnum);
      out.putShort(62, (short) (shnum - 1));
    } else {
      out.putInt(32, shoff);
      out.putShort(40, (short) 52);
      out.putShort(46, (short) shentsize);
      out.putShort(48, (short) shnum);
      out.putShort(50, (short) (shnum - 1));
    }
    for (int i = 0; i <= sections.size(); i++) {
      int at = shoff + (i + 1) * shentsize;
      boolean names0 = i == sections.size();
      Section s = names0 ? null : sections.get(i);
      long size = names0 ? names.size() : s.size >= 0 ? s.size : s.data.length;
      long offset = names0 ? offsets[i] : s.offset != Long.MIN_VALUE ? s.offset : offsets[i];
      int type = names0 ? 3 : s.type;
      if (is64) {
        out.putInt(at, nameOffsets[i]);
        out.putInt(at + 4, type);
        out.putLong(at + 8, names0 ? 0 : s.flags);
        out.putLong(at + 24, offset);
        out.putLong(at + 32, size);
        out.putInt(at + 40, names0 ? 0 : s.link);
        out.putInt(at + 44, names0 ? 0 : s.info);
        out.putLong(at + 56, names0 ? 0 : s.entsize);
      } else {
        out.putInt(at, nameOffsets[i]);
        out.putInt(at + 4, type);
        out.putInt(at + 8, (int) (names0 ? 0 : s.flags));
        out.putInt(at + 16, (int) offset);
        out.putInt(at + 20, (int) size);
        out.putInt(at + 24, names0 ? 0 : s.link);
        out.putInt(at + 28, names0 ? 0 : s.info);
        out.putInt(at + 36, (int) (names0 ? 0 : s.entsize));
      }
    }
    return out.array();
  }

  private static void align(ByteArrayOutputStream out, int to) {
    while (out.size() % to != 0) {
      out.write(0);
    }
  }

  /** Little-endian bytes for tests. */
  static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}

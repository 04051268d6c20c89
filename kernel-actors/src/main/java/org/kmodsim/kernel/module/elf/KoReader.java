package org.kmodsim.kernel.module.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a module file into a {@link KoModule}: decompression ({@link ModuleImage}), the appended
 * signature ({@link ModuleSignature}), then the ELF sections as kmod (libkmod-elf.c:
 * kmod_elf_get_strings, kmod_elf_get_modversions, kmod_elf_get_symbols) and the loader
 * (kernel/module/main.c: setup_load_info, simplify_symbols; version.c: check_version) read them.
 * Every inconsistency is a {@link KoFormatException} naming the file; nothing else is thrown.
 */
public final class KoReader {
  private KoReader() {}

  private static final String THIS_MODULE = ".gnu.linkonce.this_module";

  /** Reads {@code raw}, the bytes of the file {@code file}, at most {@code limit} unpacked. */
  public static KoModule read(String file, byte[] raw, int limit) {
    byte[] image = ModuleImage.unpack(file, raw, limit);
    ModuleSignature signature = ModuleSignature.of(image, image.length);
    int length = signature == null ? image.length : signature.elfLength();
    ElfFile elf;
    try {
      elf = ElfFile.parse(file, image, length);
    } catch (KoFormatException e) {
      if (signature == null || length == image.length) {
        throw e;
      }
      // kmod reads the whole file as ELF; a trailer it cannot place does not hide the image
      elf = ElfFile.parse(file, image, image.length);
    }
    return new KoReader.Reading(elf).module(ModuleImage.sniff(raw), signature);
  }

  /** One symbol table entry. */
  private record Symbol(String name, int bind, int type, int shndx, long value) {}

  /** The per-file state of one read. */
  private static final class Reading {
    private final ElfFile elf;
    private final List<Symbol> symbols = new ArrayList<>();

    Reading(ElfFile elf) {
      this.elf = elf;
    }

    KoModule module(ModuleImage.Compression compression, ModuleSignature signature) {
      if (elf.type != 1) {
        throw ElfFile.bad(elf.file, "not a relocatable object (e_type " + elf.type + ")");
      }
      readSymbols();
      List<KoModule.Version> versions = versions();
      List<String> imports = new ArrayList<>();
      List<String> weak = new ArrayList<>();
      boolean init = false;
      boolean exit = false;
      for (Symbol s : symbols) {
        if (s.shndx() == ElfFile.SHN_UNDEF && !s.name().isEmpty()) {
          (s.bind() == 2 ? weak : imports).add(s.name());
        } else if (s.bind() != 0 && s.name().equals("init_module")) {
          init = true;
        } else if (s.bind() != 0 && s.name().equals("cleanup_module")) {
          exit = true;
        }
      }
      return new KoModule(
          elf.file,
          elf.is64 ? 64 : 32,
          elf.machine,
          compression,
          modinfo(),
          versions,
          exports(),
          imports,
          weak,
          dependencySymbols(versions),
          thisModuleName(),
          paramPerms(),
          init,
          exit,
          coreSize(),
          signature);
    }

    /** kmod_elf_get_strings(".modinfo"): NUL-separated, runs of NULs skipped, last one closed. */
    private List<KoModule.Info> modinfo() {
      List<KoModule.Info> out = new ArrayList<>();
      ElfFile.Section s = elf.section(".modinfo");
      if (s == null || s.type() == ElfFile.SHT_NOBITS) {
        return out;
      }
      int start = (int) s.offset();
      int end = start + (int) s.size();
      int i = start;
      while (i < end) {
        while (i < end && elf.bytes[i] == 0) {
          i++;
        }
        int from = i;
        while (i < end && elf.bytes[i] != 0) {
          i++;
        }
        if (i > from) {
          String text = new String(elf.bytes, from, i - from, StandardCharsets.UTF_8);
          int eq = text.indexOf('=');
          out.add(
              eq < 0
                  ? new KoModule.Info(text, "")
                  : new KoModule.Info(text.substring(0, eq), text.substring(eq + 1)));
        }
      }
      return out;
    }

    /**
     * kmod_elf_get_dependency_symbols (kmod 30 libkmod-elf.c): each undefined symbol with a name
     * (from index 1; on SPARC not an STT_REGISTER one) in symbol-table order, with the CRC of the
     * first __versions entry of its name (kmod_elf_crc_find; an unsigned long, 8 bytes in ELF64),
     * then every __versions entry no symbol visited, as an undefined symbol: kmod 30 reads only the
     * __versions section (not 6.14's __version_ext_*), and depmod makes each of them a dependency.
     */
    private List<KoModule.DependencySymbol> dependencySymbols(List<KoModule.Version> versions) {
      ElfFile.Section s = elf.section("__versions");
      List<String> names = new ArrayList<>();
      List<Long> crcs = new ArrayList<>();
      // versions() read the section's names first (its size a multiple of 64), then 6.14's
      for (int i = 0; s != null && versions != null && i < s.size() / 64; i++) {
        int at = (int) (s.offset() + 64L * i);
        names.add(versions.get(i).symbol());
        crcs.add(elf.is64 ? elf.u64(at) : elf.u32(at));
      }
      Map<String, Integer> first = new HashMap<>();
      for (int i = names.size() - 1; i >= 0; i--) {
        first.put(names.get(i), i);
      }
      boolean sparc = elf.machine == 2 || elf.machine == 43; // EM_SPARC, EM_SPARCV9
      boolean[] visited = new boolean[names.size()];
      List<KoModule.DependencySymbol> out = new ArrayList<>();
      for (int i = 1; i < symbols.size(); i++) {
        Symbol sym = symbols.get(i);
        if (sym.shndx() != ElfFile.SHN_UNDEF
            || (sparc && sym.type() == 13)
            || sym.name().isEmpty()) {
          continue;
        }
        Integer index = first.get(sym.name());
        if (index != null) {
          visited[index] = true;
        }
        long crc = index == null ? 0 : crcs.get(index);
        out.add(new KoModule.DependencySymbol(sym.name(), crc, sym.bind() == 2));
      }
      for (int i = 0; i < names.size(); i++) {
        if (!visited[i]) {
          out.add(new KoModule.DependencySymbol(names.get(i), crcs.get(i), false));
        }
      }
      return out;
    }

    /**
     * __versions (struct modversion_info: an unsigned long CRC, then the name), or the 6.14 form.
     */
    private List<KoModule.Version> versions() {
      ElfFile.Section s = elf.section("__versions");
      ElfFile.Section extCrcs = elf.section("__version_ext_crcs");
      ElfFile.Section extNames = elf.section("__version_ext_names");
      if (s == null && extCrcs == null) {
        return null;
      }
      List<KoModule.Version> out = new ArrayList<>();
      if (s != null) {
        int entry = 64;
        int crcSize = elf.is64 ? 8 : 4;
        if (s.size() % entry != 0) {
          throw ElfFile.bad(elf.file, "__versions size " + s.size() + " is not a multiple of 64");
        }
        for (long at = s.offset(); at < s.offset() + s.size(); at += entry) {
          long crc = elf.u32((int) at);
          String name = elf.cstring(at + crcSize, at + entry, "__versions name");
          out.add(new KoModule.Version(name, crc));
        }
      }
      if (extCrcs != null && extNames != null) {
        long name = extNames.offset();
        long end = extNames.offset() + extNames.size();
        for (long at = extCrcs.offset(); at + 4 <= extCrcs.offset() + extCrcs.size(); at += 4) {
          String symbol = elf.cstring(name, end, "__version_ext_names entry");
          out.add(new KoModule.Version(symbol, elf.u32((int) at)));
          name += symbol.getBytes(StandardCharsets.UTF_8).length + 1;
        }
      }
      return out;
    }

    private void readSymbols() {
      ElfFile.Section symtab = null;
      for (ElfFile.Section s : elf.sections) {
        if (s.type() == ElfFile.SHT_SYMTAB) {
          symtab = s;
          break;
        }
      }
      if (symtab == null) {
        return;
      }
      int size = elf.is64 ? 24 : 16;
      if (symtab.size() % size != 0) {
        throw ElfFile.bad(
            elf.file, "symbol table size " + symtab.size() + " is not a multiple of " + size);
      }
      ElfFile.Section strtab = elf.section(symtab.link());
      if (strtab.type() == ElfFile.SHT_NOBITS) {
        throw ElfFile.bad(elf.file, "symbol string table has no data");
      }
      long strEnd = strtab.offset() + strtab.size();
      for (long at = symtab.offset(); at < symtab.offset() + symtab.size(); at += size) {
        int a = (int) at;
        long nameOffset = elf.u32(a);
        int info = elf.is64 ? elf.bytes[a + 4] & 0xff : elf.bytes[a + 12] & 0xff;
        int shndx = elf.u16(elf.is64 ? a + 6 : a + 14);
        long value = elf.is64 ? elf.u64(a + 8) : elf.u32(a + 4);
        String name = elf.cstring(strtab.offset() + nameOffset, strEnd, "symbol name");
        symbols.add(new Symbol(name, info >> 4, info & 0xf, shndx, value));
      }
    }

    /**
     * __ksymtab_NAME gives the table and slot, __kstrtabns_NAME the namespace, __crc_NAME the CRC.
     */
    private List<KoModule.Export> exports() {
      Map<String, Symbol> byName = new HashMap<>();
      for (Symbol s : symbols) {
        byName.putIfAbsent(s.name(), s);
      }
      List<Symbol> entries = new ArrayList<>();
      for (Symbol s : symbols) {
        if (s.name().startsWith("__ksymtab_")
            && s.shndx() != 0
            && s.shndx() < ElfFile.SHN_LORESERVE) {
          String section = elf.section(s.shndx()).name();
          if (section.startsWith("__ksymtab") && !section.equals("__ksymtab_strings")) {
            entries.add(s);
          }
        }
      }
      entries.sort(Comparator.comparingInt(Symbol::shndx).thenComparingLong(Symbol::value));
      List<KoModule.Export> out = new ArrayList<>();
      for (Symbol entry : entries) {
        String name = entry.name().substring("__ksymtab_".length());
        boolean gpl = elf.section(entry.shndx()).name().equals("__ksymtab_gpl");
        out.add(
            new KoModule.Export(
                name,
                gpl,
                namespace(byName.get("__kstrtabns_" + name)),
                crc(byName.get("__crc_" + name))));
      }
      return out;
    }

    private String namespace(Symbol s) {
      if (s == null || s.shndx() == 0 || s.shndx() >= ElfFile.SHN_LORESERVE) {
        return "";
      }
      ElfFile.Section section = elf.section(s.shndx());
      return elf.cstring(
          section.offset() + s.value(), section.offset() + section.size(), "namespace");
    }

    /** The CRC: an absolute symbol before 4.19, a u32 in __kcrctab* since. */
    private Long crc(Symbol s) {
      if (s == null) {
        return null;
      }
      if (s.shndx() == ElfFile.SHN_ABS) {
        return s.value() & 0xffffffffL;
      }
      if (s.shndx() == 0 || s.shndx() >= ElfFile.SHN_LORESERVE) {
        return null;
      }
      ElfFile.Section section = elf.section(s.shndx());
      if (s.value() < 0 || s.value() > section.size() - 4) {
        throw ElfFile.bad(elf.file, "CRC of an export lies outside " + section.name());
      }
      return elf.u32((int) (section.offset() + s.value()));
    }

    /** struct module's name: after state and the list head (offset 24 in 64-bit, 12 in 32-bit). */
    private String thisModuleName() {
      ElfFile.Section s = elf.section(THIS_MODULE);
      int offset = elf.is64 ? 24 : 12;
      if (s == null || s.type() == ElfFile.SHT_NOBITS || s.size() <= offset) {
        return null;
      }
      long end = s.offset() + Math.min(s.size(), offset + 56);
      return elf.cstring(s.offset() + offset, end, THIS_MODULE + " name");
    }

    /** struct kernel_param (40 bytes on 64-bit 4.x+): the name by relocation, perm at +24. */
    private Map<String, Integer> paramPerms() {
      Map<String, Integer> perms = new LinkedHashMap<>();
      ElfFile.Section param = elf.section("__param");
      if (param == null
          || !elf.is64
          || param.size() % 40 != 0
          || param.type() == ElfFile.SHT_NOBITS) {
        return perms;
      }
      for (ElfFile.Section rela : elf.sections) {
        if (rela.type() != 4 || rela.info() != param.index() || rela.size() % 24 != 0) {
          continue;
        }
        for (long at = rela.offset(); at < rela.offset() + rela.size(); at += 24) {
          long offset = elf.u64((int) at);
          long info = elf.u64((int) at + 8);
          long addend = elf.u64((int) at + 16);
          long symbol = info >>> 32;
          if (offset % 40 != 0 || offset >= param.size() || symbol >= symbols.size()) {
            continue;
          }
          Symbol target = symbols.get((int) symbol);
          if (target.shndx() == 0 || target.shndx() >= ElfFile.SHN_LORESERVE) {
            continue;
          }
          ElfFile.Section strings = elf.section(target.shndx());
          long where = target.value() + addend;
          if (strings.type() == ElfFile.SHT_NOBITS || where < 0 || where >= strings.size()) {
            continue;
          }
          String name =
              elf.cstring(
                  strings.offset() + where, strings.offset() + strings.size(), "parameter name");
          perms.put(name, elf.u16((int) (param.offset() + offset + 24)));
        }
      }
      return perms;
    }

    private long coreSize() {
      long size = 0;
      for (ElfFile.Section s : elf.sections) {
        if ((s.flags() & ElfFile.SHF_ALLOC) != 0 && !s.name().startsWith(".init")) {
          size += Math.min(s.size(), Integer.MAX_VALUE);
        }
      }
      return size;
    }
  }
}

package org.kmodsim.kernel.module.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-side module builder: what modpost and the linker put in a .ko (.modinfo, __versions, the
 * export tables with their local helper symbols, undefined symbols, __param with its relocations,
 * .gnu.linkonce.this_module), written with {@link ElfWriter}; and the appended signature.
 */
public final class KoBuilder {
  private final boolean is64;
  private final List<String[]> modinfo = new ArrayList<>();
  private final Map<String, Long> versions = new LinkedHashMap<>();
  private final List<String> imports = new ArrayList<>();
  private final List<String> weak = new ArrayList<>();
  private final List<Object[]> exports = new ArrayList<>();
  private final Map<String, Integer> params = new LinkedHashMap<>();
  private String thisModule;
  private boolean init;
  private boolean exit;
  private boolean withVersions = true;

  public KoBuilder() {
    this(true);
  }

  public KoBuilder(boolean is64) {
    this.is64 = is64;
  }

  public KoBuilder info(String key, String value) {
    modinfo.add(new String[] {key, value});
    return this;
  }

  /** An undefined symbol with the CRC __versions records for it (null: none recorded). */
  public KoBuilder imports(String symbol, Long crc) {
    imports.add(symbol);
    if (crc != null) {
      versions.put(symbol, crc);
    }
    return this;
  }

  /** A weak undefined symbol (STB_WEAK), in the symbol table among the others in call order. */
  public KoBuilder weakImport(String symbol) {
    imports.add(symbol);
    weak.add(symbol);
    return this;
  }

  public KoBuilder version(String symbol, long crc) {
    versions.put(symbol, crc);
    return this;
  }

  public KoBuilder noVersions() {
    withVersions = false;
    return this;
  }

  public KoBuilder export(String symbol, boolean gpl, String namespace, long crc) {
    exports.add(new Object[] {symbol, gpl, namespace, crc});
    return this;
  }

  public KoBuilder param(String name, int perm) {
    params.put(name, perm);
    return this;
  }

  public KoBuilder thisModule(String name) {
    thisModule = name;
    return this;
  }

  public KoBuilder init() {
    init = true;
    return this;
  }

  public KoBuilder exit() {
    exit = true;
    return this;
  }

  /** The ELF writer with every section, for tests that damage one before building. */
  public ElfWriter writer() {
    ElfWriter w = new ElfWriter(is64);
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    for (String[] kv : modinfo) {
      info.writeBytes((kv[0] + "=" + kv[1] + "\0").getBytes(StandardCharsets.UTF_8));
    }
    w.add(new ElfWriter.Section(".modinfo", 1, 2, info.toByteArray()));
    if (withVersions) {
      ByteBuffer v = ElfWriter.buffer(64 * versions.size());
      int i = 0;
      for (Map.Entry<String, Long> e : versions.entrySet()) {
        v.putInt(64 * i, (int) (long) e.getValue());
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        v.put(64 * i + (is64 ? 8 : 4), name, 0, Math.min(name.length, is64 ? 56 : 60));
        i++;
      }
      w.add(new ElfWriter.Section("__versions", 1, 2, v.array()));
    }
    List<Object[]> plain = exports.stream().filter(e -> !(Boolean) e[1]).toList();
    List<Object[]> gpl = exports.stream().filter(e -> (Boolean) e[1]).toList();
    int ksymtab = w.add(new ElfWriter.Section("__ksymtab", 1, 2, new byte[12 * plain.size()]));
    int ksymtabGpl = w.add(new ElfWriter.Section("__ksymtab_gpl", 1, 2, new byte[12 * gpl.size()]));
    int kcrctab = w.add(new ElfWriter.Section("__kcrctab", 1, 2, crcs(plain)));
    int kcrctabGpl = w.add(new ElfWriter.Section("__kcrctab_gpl", 1, 2, crcs(gpl)));
    ByteArrayOutputStream strings = new ByteArrayOutputStream();
    Map<String, int[]> stringAt = new LinkedHashMap<>();
    for (Object[] e : exports) {
      int name = strings.size();
      strings.writeBytes((e[0] + "\0").getBytes(StandardCharsets.UTF_8));
      int ns = strings.size();
      strings.writeBytes((e[2] + "\0").getBytes(StandardCharsets.UTF_8));
      stringAt.put((String) e[0], new int[] {name, ns});
    }
    int kstrtab = w.add(new ElfWriter.Section("__ksymtab_strings", 1, 0x32, strings.toByteArray()));
    byte[] module = new byte[is64 ? 0x500 : 0x200];
    if (thisModule != null) {
      byte[] name = thisModule.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(name, 0, module, is64 ? 24 : 12, Math.min(name.length, 56));
    }
    w.add(new ElfWriter.Section(".gnu.linkonce.this_module", 1, 3, module));
    ByteArrayOutputStream rodata = new ByteArrayOutputStream();
    List<Integer> paramNames = new ArrayList<>();
    for (String p : params.keySet()) {
      paramNames.add(rodata.size());
      rodata.writeBytes((p + "\0").getBytes(StandardCharsets.UTF_8));
    }
    int rodataIndex = w.add(new ElfWriter.Section(".rodata.str1.1", 1, 0x32, rodata.toByteArray()));
    ByteBuffer param = ElfWriter.buffer(40 * params.size());
    int p = 0;
    for (int perm : params.values()) {
      param.putShort(40 * p + 24, (short) perm);
      p++;
    }
    int paramIndex = w.add(new ElfWriter.Section("__param", 1, 2, param.array()));
    int text = w.add(new ElfWriter.Section(".text", 1, 6, new byte[16]));
    // symbols: null, the .rodata section symbol, the export helpers, then the globals
    List<Object[]> symbols = new ArrayList<>();
    symbols.add(new Object[] {"", 0, 0, 0L});
    symbols.add(new Object[] {"", 3, rodataIndex, 0L}); // STT_SECTION
    int slot = 0;
    for (Object[] e : plain) {
      addExportSymbols(symbols, e, ksymtab, kcrctab, kstrtab, slot++, stringAt);
    }
    slot = 0;
    for (Object[] e : gpl) {
      addExportSymbols(symbols, e, ksymtabGpl, kcrctabGpl, kstrtab, slot++, stringAt);
    }
    if (init) {
      symbols.add(new Object[] {"init_module", 0x12, text, 0L});
    }
    if (exit) {
      symbols.add(new Object[] {"cleanup_module", 0x12, text, 8L});
    }
    for (Object[] e : exports) {
      symbols.add(new Object[] {e[0], 0x12, text, 0L});
    }
    for (String imported : imports) {
      symbols.add(new Object[] {imported, weak.contains(imported) ? 0x20 : 0x10, 0, 0L});
    }
    ByteArrayOutputStream strtab = new ByteArrayOutputStream();
    strtab.write(0);
    int size = is64 ? 24 : 16;
    ByteBuffer symtab = ElfWriter.buffer(size * symbols.size());
    for (int i = 0; i < symbols.size(); i++) {
      Object[] s = symbols.get(i);
      int name = 0;
      if (!((String) s[0]).isEmpty()) {
        name = strtab.size();
        strtab.writeBytes((s[0] + "\0").getBytes(StandardCharsets.UTF_8));
      }
      int at = i * size;
      symtab.putInt(at, name);
      if (is64) {
        symtab.put(at + 4, (byte) (int) (Integer) s[1]);
        symtab.putShort(at + 6, (short) (int) (Integer) s[2]);
        symtab.putLong(at + 8, (Long) s[3]);
      } else {
        symtab.putInt(at + 4, (int) (long) (Long) s[3]);
        symtab.put(at + 12, (byte) (int) (Integer) s[1]);
        symtab.putShort(at + 14, (short) (int) (Integer) s[2]);
      }
    }
    int symtabIndex = w.sections.size() + 2; // after .rela__param
    ByteBuffer rela = ElfWriter.buffer(24 * params.size());
    for (int i = 0; i < params.size(); i++) {
      rela.putLong(24 * i, 40L * i);
      rela.putLong(24 * i + 8, (1L << 32) | 1); // the .rodata section symbol, R_X86_64_64
      rela.putLong(24 * i + 16, paramNames.get(i));
    }
    ElfWriter.Section relaParam = new ElfWriter.Section(".rela__param", 4, 0x40, rela.array());
    relaParam.link = symtabIndex;
    relaParam.info = paramIndex;
    relaParam.entsize = 24;
    w.add(relaParam);
    ElfWriter.Section sym = new ElfWriter.Section(".symtab", 2, 0, symtab.array());
    sym.link = symtabIndex + 1;
    sym.entsize = size;
    sym.info = 2 + 4 * exports.size(); // the first global symbol
    w.add(sym);
    w.add(new ElfWriter.Section(".strtab", 3, 0, strtab.toByteArray()));
    return w;
  }

  public byte[] build() {
    return writer().build();
  }

  private static void addExportSymbols(
      List<Object[]> symbols,
      Object[] e,
      int ksymtab,
      int kcrctab,
      int kstrtab,
      int slot,
      Map<String, int[]> stringAt) {
    String name = (String) e[0];
    symbols.add(new Object[] {"__ksymtab_" + name, 0, ksymtab, 12L * slot});
    symbols.add(new Object[] {"__crc_" + name, 0, kcrctab, 4L * slot});
    symbols.add(new Object[] {"__kstrtab_" + name, 0, kstrtab, (long) stringAt.get(name)[0]});
    symbols.add(new Object[] {"__kstrtabns_" + name, 0, kstrtab, (long) stringAt.get(name)[1]});
  }

  private static byte[] crcs(List<Object[]> exports) {
    ByteBuffer b = ElfWriter.buffer(4 * exports.size());
    for (int i = 0; i < exports.size(); i++) {
      b.putInt(4 * i, (int) (long) (Long) exports.get(i)[3]);
    }
    return b.array();
  }

  /** {@code elf} signed: the PKCS#7 blob, struct module_signature and the magic appended. */
  public static byte[] sign(byte[] elf, byte[] pkcs7) {
    ByteBuffer b = ByteBuffer.allocate(elf.length + pkcs7.length + 12 + 28);
    b.put(elf).put(pkcs7);
    b.put(new byte[] {0, 0, 2, 0, 0, 0, 0, 0});
    b.putInt(pkcs7.length); // big-endian, as sign-file writes it
    b.put(ModuleSignature.MAGIC.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }
}

package org.kmodsim.kernel.module.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a module file (.ko, or a 2.4 .o) says about itself, as read by {@link KoReader}: the
 * .modinfo strings in file order (repeated keys kept), the __versions table, the exports with their
 * kind, namespace and CRC, the undefined symbols, the name in .gnu.linkonce.this_module, the
 * parameters' sysfs permissions from __param, and the appended signature.
 *
 * @param elfClass 64 or 32
 * @param machine e_machine (62 x86-64, 3 i386)
 * @param compression how the file was compressed
 * @param versions the __versions entries, null when the module has no such section
 * @param dependencySymbols what kmod_elf_get_dependency_symbols lists (libkmod-elf.c, kmod 30): the
 *     undefined symbols in symbol-table order, then the __versions entries no symbol named
 * @param thisModuleName the name at its offset in .gnu.linkonce.this_module, null without it
 * @param paramPerms each module_param's perm from __param, by parameter name
 * @param hasInit an {@code init_module} symbol is defined (module_init)
 * @param hasExit a {@code cleanup_module} symbol is defined (module_exit)
 * @param coreSize the bytes of the allocated sections (SHF_ALLOC), the module's size in memory
 * @param signature the appended signature, null when unsigned
 */
public record KoModule(
    String file,
    int elfClass,
    int machine,
    ModuleImage.Compression compression,
    List<Info> modinfo,
    List<Version> versions,
    List<Export> exports,
    List<String> imports,
    List<String> weakImports,
    List<DependencySymbol> dependencySymbols,
    String thisModuleName,
    Map<String, Integer> paramPerms,
    boolean hasInit,
    boolean hasExit,
    long coreSize,
    ModuleSignature signature) {

  public KoModule {
    modinfo = List.copyOf(modinfo);
    versions = versions == null ? null : List.copyOf(versions);
    exports = List.copyOf(exports);
    imports = List.copyOf(imports);
    weakImports = List.copyOf(weakImports);
    dependencySymbols = List.copyOf(dependencySymbols);
    paramPerms = Map.copyOf(paramPerms);
  }

  /** One .modinfo string, split at its first {@code =} (no {@code =}: an empty value). */
  public record Info(String key, String value) {}

  /** One __versions record: the CRC the module was built against for {@code symbol}. */
  public record Version(String symbol, long crc) {}

  /**
   * One of kmod's dependency symbols (struct kmod_modversion): an undefined symbol with the CRC of
   * the first __versions entry of its name (0 without one) and whether it binds weak, or a
   * __versions entry no undefined symbol named (module_layout), which binds as an undefined one.
   */
  public record DependencySymbol(String symbol, long crc, boolean weak) {}

  /** EXPORT_SYMBOL[_GPL][_NS]: the symbol, its kind, its namespace ("" for none), its CRC. */
  public record Export(String symbol, boolean gplOnly, String namespace, Long crc) {}

  /** The first value of {@code key}, as the kernel's get_modinfo finds it; or null. */
  public String first(String key) {
    for (Info info : modinfo) {
      if (info.key().equals(key)) {
        return info.value();
      }
    }
    return null;
  }

  /** Every value of {@code key}, in file order. */
  public List<String> all(String key) {
    List<String> values = new ArrayList<>();
    for (Info info : modinfo) {
      if (info.key().equals(key)) {
        values.add(info.value());
      }
    }
    return values;
  }

  /**
   * The module's name as the loader takes it (kernel/module/main.c, setup_load_info): modinfo's
   * {@code name=}, else the name in .gnu.linkonce.this_module; null when neither is there.
   */
  public String name() {
    String name = first("name");
    return name != null ? name : thisModuleName;
  }
}

package org.kmodsim.kernel.module;

import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Map;

/**
 * What a .ko carries (include/linux/module.h, the .modinfo, __ksymtab, __versions and __param
 * sections) plus its behaviour as step programs (HOCON lists, parsed by the StepParser when the
 * module is loaded). Read from a HOCON module file by {@link ModuleFile}; a real ELF reader would
 * produce the same record.
 *
 * @param vermagic the vermagic string, or null when the module has none (forced-load path)
 * @param hasVersions whether the module carries a __versions table (built with MODVERSIONS)
 * @param init the init function's steps, null for no init
 * @param exit the exit function's steps, null for no exit (the module is permanent)
 */
public record ModuleDefinition(
    String name,
    String source,
    String license,
    String author,
    String description,
    String version,
    String vermagic,
    boolean hasVersions,
    boolean intree,
    boolean staging,
    boolean signed,
    boolean autoclean,
    long coreSize,
    List<String> aliases,
    List<ParamSpec> params,
    List<Export> exports,
    List<Import> imports,
    List<String> importNamespaces,
    List<String> depends,
    ConfigValue init,
    ConfigValue exit,
    Map<String, ConfigValue> functions,
    ModuleBehaviour behaviour) {

  public ModuleDefinition {
    aliases = List.copyOf(aliases);
    params = List.copyOf(params);
    exports = List.copyOf(exports);
    imports = List.copyOf(imports);
    importNamespaces = List.copyOf(importNamespaces);
    depends = List.copyOf(depends);
    functions = Map.copyOf(functions);
  }

  /** EXPORT_SYMBOL[_GPL][_NS] or 2.4 EXPORT_SYMBOL_NOVERS of one symbol, with its CRC. */
  public record Export(
      String symbol, char type, boolean gplOnly, String namespace, Long crc, boolean novers) {}

  /**
   * An undefined symbol the module uses, with the CRC recorded in its __versions table (null: built
   * against the running kernel, so the CRC matches whatever the exporter has).
   */
  public record Import(String symbol, Long crc, boolean weak) {}

  public ParamSpec param(String name) {
    return ModuleParams.find(params, name);
  }

  /** module_init exists, in the file or in the behaviour class. */
  public boolean hasInit() {
    return init != null || (behaviour != null && behaviour.functions().contains("init"));
  }

  /** module_exit exists, in the file or in the behaviour class. */
  public boolean hasExit() {
    return exit != null || (behaviour != null && behaviour.functions().contains("exit"));
  }

  /**
   * The 2.4 image with MOD_AUTOCLEAN set (insmod -k, modprobe -k): the flag travels in the image
   * insmod passes to init_module, not in the object file.
   */
  public ModuleDefinition withAutoclean() {
    return new ModuleDefinition(
        name,
        source,
        license,
        author,
        description,
        version,
        vermagic,
        hasVersions,
        intree,
        staging,
        signed,
        true,
        coreSize,
        aliases,
        params,
        exports,
        imports,
        importNamespaces,
        depends,
        init,
        exit,
        functions,
        behaviour);
  }

  /** The blank struct module that 2.4 create_module links into the list: a name and a size. */
  static ModuleDefinition blank(String name, long size) {
    return new ModuleDefinition(
        name,
        "create_module",
        null,
        null,
        null,
        null,
        null,
        false,
        false,
        false,
        false,
        false,
        size,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        null,
        Map.of(),
        null);
  }
}

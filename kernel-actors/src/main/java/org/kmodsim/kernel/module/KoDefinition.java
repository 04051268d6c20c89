package org.kmodsim.kernel.module;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.elf.KoModule;
import org.kmodsim.sim.config.Durations;

/**
 * A real module file ({@link KoModule}) as the loader's {@link ModuleDefinition}, so a .ko goes
 * through the same load story as a module file: vermagic, __versions CRCs against the export table,
 * unknown and GPL-only symbols, namespaces, parameters from {@code parmtype=} with the perms of
 * __param, exports, dependencies. The module's machine code does not run: init, if the module has
 * one, costs {@code initCostNanos} and returns 0, unless a sidecar module file ({@code FILE.conf}
 * next to the .ko, docs/modules.md) gives init, exit and functions as steps.
 */
public final class KoDefinition {
  private KoDefinition() {}

  /** Elements assumed for an {@code array of T} parameter: the ELF does not record the count. */
  static final int ARRAY_MAX = 64;

  /** The buffer assumed for a {@code string} parameter (kparam_string.maxlen is not read). */
  static final int STRING_SIZE = 1024;

  /**
   * @param source the file name shown in errors
   * @param sidecar the sidecar module file's name and text, null when there is none
   */
  public static ModuleDefinition of(
      KoModule ko, String source, String[] sidecar, Era era, long initCostNanos) {
    String name = ko.name();
    if (name == null) {
      throw new ModuleFile.ModuleFormatException(
          source + ": no module name (neither .modinfo name= nor .gnu.linkonce.this_module)");
    }
    if (!ModuleFile.validName(name)) {
      throw new ModuleFile.ModuleFormatException(
          source + ": '" + name + "' is not a module name (" + ModuleFile.NAME_RULE + ")");
    }
    ModuleDefinition steps = sidecar == null ? null : ModuleFile.parse(sidecar[0], sidecar[1], era);
    if (steps != null && !steps.name().equals(name.replace('-', '_'))) {
      throw new ModuleFile.ModuleFormatException(
          sidecar[0] + ": names module " + steps.name() + ", the file next to it is " + name);
    }
    ConfigValue init = null;
    ConfigValue exit = null;
    if (steps != null) {
      init = steps.init();
      exit = steps.exit();
    } else {
      ConfigValue cost =
          ConfigValueFactory.fromIterable(
              List.of("spin " + Durations.format(initCostNanos), "return 0"), "cost of init");
      init = ko.hasInit() ? cost : null;
      exit = ko.hasExit() ? ConfigValueFactory.fromIterable(List.of(), "exit") : null;
    }
    return new ModuleDefinition(
        name.replace('-', '_'),
        source,
        ko.first("license"),
        ko.first("author"),
        ko.first("description"),
        ko.first("version"),
        ko.first("vermagic"),
        ko.versions() != null,
        "Y".equals(ko.first("intree")),
        "Y".equals(ko.first("staging")),
        false, // its key is not in the simulated kernel's keyring (mod_verify_sig: ENOKEY)
        false,
        Math.max(1, ko.coreSize()),
        ko.all("alias"),
        params(ko, era),
        exports(ko),
        imports(ko, era),
        ko.all("import_ns"),
        depends(ko),
        init,
        exit,
        steps == null ? Map.of() : steps.functions(),
        steps == null ? null : steps.behaviour());
  }

  private static List<ParamSpec> params(KoModule ko, Era era) {
    Map<String, String[]> byName = new LinkedHashMap<>(); // name -> {type, description}
    for (KoModule.Info info : ko.modinfo()) {
      boolean type = info.key().equals("parmtype");
      int colon = info.value().indexOf(':');
      if ((type || info.key().equals("parm")) && colon > 0) {
        String[] entry =
            byName.computeIfAbsent(info.value().substring(0, colon), k -> new String[2]);
        entry[type ? 0 : 1] = info.value().substring(colon + 1);
      }
    }
    List<ParamSpec> params = new ArrayList<>();
    for (Map.Entry<String, String[]> p : byName.entrySet()) {
      String type = p.getValue()[0] == null ? "" : p.getValue()[0];
      boolean array = type.startsWith("array of ");
      ParamType parsed = known(array ? type.substring("array of ".length()) : type);
      int perm = ko.paramPerms().getOrDefault(p.getKey(), 0);
      if (ParamSpec.permProblem(perm) != null) {
        perm = 0;
      }
      params.add(
          new ParamSpec(
              p.getKey(),
              parsed,
              perm,
              p.getValue()[1],
              null,
              0,
              array ? ARRAY_MAX : 0,
              parsed == ParamType.STRING ? STRING_SIZE : 0,
              null));
    }
    return params;
  }

  /** The kernel's param_ops for a type name; a driver-defined type takes any text, as charp. */
  private static ParamType known(String type) {
    for (ParamType t : ParamType.values()) {
      if (t.cName().equals(type)) {
        return t;
      }
    }
    return ParamType.CHARP;
  }

  private static List<ModuleDefinition.Export> exports(KoModule ko) {
    List<ModuleDefinition.Export> out = new ArrayList<>();
    for (KoModule.Export e : ko.exports()) {
      out.add(
          new ModuleDefinition.Export(e.symbol(), 'T', e.gplOnly(), e.namespace(), e.crc(), false));
    }
    return out;
  }

  /** The undefined symbols with their __versions CRCs, and module_layout when __versions has it. */
  private static List<ModuleDefinition.Import> imports(KoModule ko, Era era) {
    Map<String, Long> crcs = new LinkedHashMap<>();
    if (ko.versions() != null) {
      for (KoModule.Version v : ko.versions()) {
        crcs.putIfAbsent(v.symbol(), v.crc());
      }
    }
    List<ModuleDefinition.Import> out = new ArrayList<>();
    for (String symbol : ko.imports()) {
      out.add(new ModuleDefinition.Import(symbol, crcs.get(symbol), false));
    }
    for (String symbol : ko.weakImports()) {
      out.add(new ModuleDefinition.Import(symbol, crcs.get(symbol), true));
    }
    String layout = Modversions.layoutSymbol(era);
    if (crcs.containsKey(layout) && !ko.imports().contains(layout)) {
      out.add(new ModuleDefinition.Import(layout, crcs.get(layout), false));
    }
    return out;
  }

  private static List<String> depends(KoModule ko) {
    List<String> out = new ArrayList<>();
    String depends = ko.first("depends");
    if (depends != null) {
      for (String d : depends.split(",")) {
        if (ModuleFile.validName(d)) {
          out.add(d);
        }
      }
    }
    return out;
  }
}

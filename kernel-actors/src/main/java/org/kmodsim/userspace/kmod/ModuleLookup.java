package org.kmodsim.userspace.kmod;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.kmodsim.kernel.module.elf.KoModule;

/**
 * kmod_module_new_from_lookup (libkmod-module.c) over a real tree: the name (alias_normalize'd)
 * looked up in turn in the configuration's aliases (fnmatch), modules.dep (the module's own name),
 * the install and remove commands (a line for exactly this name), modules.alias (every module one
 * of whose patterns matches, in modules.dep order, as the index's values sorted by priority),
 * modules.builtin and the built-in modules' aliases of modules.builtin.modinfo; the first source
 * that finds something answers. Pure; the alias patterns are compiled once per tree.
 */
final class ModuleLookup {
  private final Depmod.Result depmod;
  private final Set<String> builtin;
  private final byte[] builtinModinfo;
  private final ModprobeConfig config;

  ModuleLookup(
      Depmod.Result depmod, Set<String> builtin, byte[] builtinModinfo, ModprobeConfig config) {
    this.depmod = depmod;
    this.builtin = builtin;
    this.builtinModinfo = builtinModinfo;
    this.config = config;
  }

  /** The modules NAME names, or an empty list. */
  List<ProbeList.Entry> lookup(String given) {
    String name = DepmodFiles.aliasNormalize(given);
    List<ProbeList.Entry> found = new ArrayList<>();
    if (name == null) {
      return found;
    }
    for (ModprobeConfig.Alias alias : config.aliases()) {
      if (ProbeList.fnmatch(alias.pattern(), name)) {
        found.add(new ProbeList.Entry(alias.modname(), builtin.contains(alias.modname()), true));
      }
    }
    if (found.isEmpty() && depmod.dependencies().containsKey(name)) {
      found.add(new ProbeList.Entry(name, false));
    }
    if (found.isEmpty() && config.hasCommandFor(name)) {
      found.add(new ProbeList.Entry(name, false)); // kmod_lookup_alias_from_commands
    }
    if (found.isEmpty()) {
      found.addAll(fromAliases(name));
    }
    if (found.isEmpty() && builtin.contains(name)) {
      found.add(new ProbeList.Entry(name, true));
    }
    if (found.isEmpty()) {
      found.addAll(fromBuiltinAliases(name));
    }
    return found;
  }

  /** The modules built in (modules.builtin). */
  Set<String> builtinNames() {
    return builtin;
  }

  /** The softdeps: the configuration's (with the tree's modules.softdep among its files). */
  List<ProbeList.Softdep> softdeps() {
    return config.softdeps();
  }

  ModprobeConfig config() {
    return config;
  }

  private ProbeList.Entry aliased(String modname) {
    return new ProbeList.Entry(modname, builtin.contains(modname), true);
  }

  /** modules.alias's patterns of the last tree looked up in, compiled once per tree. */
  private record AliasPatterns(
      List<KoDepmod.Module> sorted, List<String> modules, List<Pattern> patterns) {}

  private static volatile AliasPatterns last;

  private List<ProbeList.Entry> fromAliases(String name) {
    AliasPatterns aliases = last;
    if (aliases == null || aliases.sorted() != depmod.sorted()) {
      List<String> modules = new ArrayList<>();
      List<Pattern> patterns = new ArrayList<>();
      for (KoDepmod.Module module : depmod.sorted()) {
        for (KoModule.Info info : module.modinfo()) {
          String pattern =
              info.key().equals("alias") ? DepmodFiles.aliasNormalize(info.value()) : null;
          if (pattern != null) {
            modules.add(KoTools.modname(module.path()));
            patterns.add(ProbeList.regex(pattern));
          }
        }
      }
      aliases = new AliasPatterns(depmod.sorted(), modules, patterns);
      last = aliases;
    }
    Set<String> found = new LinkedHashSet<>();
    for (int i = 0; i < aliases.patterns().size(); i++) {
      if (!found.contains(aliases.modules().get(i))
          && aliases.patterns().get(i).matcher(name).matches()) {
        found.add(aliases.modules().get(i));
      }
    }
    return found.stream().map(this::aliased).toList();
  }

  /** The index holds every value at priority 0: the last added comes first. */
  private List<ProbeList.Entry> fromBuiltinAliases(String name) {
    List<ProbeList.Entry> found = new ArrayList<>();
    if (builtinModinfo == null) {
      return found;
    }
    String all = new String(builtinModinfo, StandardCharsets.ISO_8859_1);
    for (String record : all.split("\0")) {
      int dot = record.indexOf('.');
      int eq = record.indexOf('=');
      if (dot <= 0 || eq < dot || !record.substring(dot + 1, eq).equals("alias")) {
        continue;
      }
      String pattern = DepmodFiles.aliasNormalize(record.substring(eq + 1));
      if (pattern != null && ProbeList.fnmatch(pattern, name)) {
        found.add(0, new ProbeList.Entry(record.substring(0, dot), true, true));
      }
    }
    return found;
  }
}

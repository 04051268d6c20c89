package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The modules {@code modprobe NAME} inserts, in order, as libkmod's kmod_module_get_probe_list
 * builds the list (libkmod-module.c __kmod_module_get_probe_list, __kmod_module_fill_softdep): for
 * each dependency (modules.dep's line read right to left) its {@code pre:} softdeps with their own
 * dependencies, the dependency, its {@code post:} softdeps; then the same for the module. A module
 * is visited once, but a dependency is appended each time it is reached (as libkmod does). The
 * softdeps are the first {@code softdep} line whose module pattern matches (fnmatch), from
 * modules.softdep (libkmod reads it as a configuration file); a module listed in modules.builtin is
 * a {@code builtin} entry. Pure.
 */
final class ProbeList {
  /**
   * One entry: the module's name, whether it is built into the kernel (no file), and whether it was
   * found through an alias (a blacklist line then counts).
   */
  record Entry(String name, boolean builtin, boolean alias) {
    Entry(String name, boolean builtin) {
      this(name, builtin, false);
    }
  }

  /** A {@code softdep MODULE pre: ... post: ...} line: the module pattern and both lists. */
  record Softdep(String pattern, List<String> pre, List<String> post) {
    Softdep {
      pre = List.copyOf(pre);
      post = List.copyOf(post);
    }
  }

  private final Map<String, List<String>> dependencies;
  private final List<Softdep> softdeps;
  private final Set<String> builtin;
  private final Function<String, List<Entry>> lookup;
  private final Set<String> visited = new HashSet<>();
  private final List<Entry> list = new ArrayList<>();

  /**
   * @param dependencies modules.dep: each module's dependencies in the line's order
   * @param lookup a name or alias to the modules it names (kmod_module_new_from_lookup)
   */
  private ProbeList(
      Map<String, List<String>> dependencies,
      List<Softdep> softdeps,
      Set<String> builtin,
      Function<String, List<Entry>> lookup) {
    this.dependencies = dependencies;
    this.softdeps = softdeps;
    this.builtin = builtin;
    this.lookup = lookup;
  }

  static List<Entry> of(
      String module,
      Map<String, List<String>> dependencies,
      List<Softdep> softdeps,
      Set<String> builtin,
      Function<String, List<Entry>> lookup) {
    return of(module, dependencies, softdeps, builtin, lookup, false);
  }

  /**
   * The same; with {@code ignoreCommand} (modprobe -i: KMOD_PROBE_IGNORE_COMMAND) the module itself
   * comes without its softdeps, as __kmod_module_get_probe_list appends it when ignorecmd is set.
   */
  static List<Entry> of(
      String module,
      Map<String, List<String>> dependencies,
      List<Softdep> softdeps,
      Set<String> builtin,
      Function<String, List<Entry>> lookup,
      boolean ignoreCommand) {
    ProbeList probe = new ProbeList(dependencies, softdeps, builtin, lookup);
    probe.probe(module, ignoreCommand);
    return List.copyOf(probe.list);
  }

  private void probe(String module) {
    probe(module, false);
  }

  private void probe(String module, boolean ignoreCommand) {
    if (!visited.add(module)) {
      return;
    }
    List<String> deps = dependencies.getOrDefault(module, List.of());
    for (int i = deps.size() - 1; i >= 0; i--) {
      fillSoftdep(deps.get(i));
    }
    if (ignoreCommand) {
      list.add(new Entry(module, builtin.contains(module)));
    } else {
      fillSoftdep(module);
    }
  }

  private void fillSoftdep(String module) {
    Softdep softdep = softdep(module);
    if (softdep != null) {
      softdep.pre().forEach(this::probeLookedUp);
    }
    list.add(new Entry(module, builtin.contains(module)));
    if (softdep != null) {
      softdep.post().forEach(this::probeLookedUp);
    }
  }

  /** lookup_softdep: every module the name looks up (an unknown name is skipped). */
  private void probeLookedUp(String name) {
    for (Entry found : lookup.apply(name)) {
      probe(found.name());
    }
  }

  private Softdep softdep(String module) {
    return softdep(softdeps, module);
  }

  /** kmod_module_get_softdeps: the first line whose pattern matches the module, or null. */
  static Softdep softdep(List<Softdep> softdeps, String module) {
    for (Softdep softdep : softdeps) {
      if (fnmatch(softdep.pattern(), module)) {
        return softdep;
      }
    }
    return null;
  }

  /**
   * The {@code softdep} lines of a configuration file (libkmod-config.c kmod_config_parse: the
   * module name with '-' read as '_', then the tokens, {@code pre:} and {@code post:} switching the
   * list; a token before either is ignored).
   */
  static List<Softdep> parseSoftdeps(String text) {
    List<Softdep> softdeps = new ArrayList<>();
    if (text == null) {
      return softdeps;
    }
    for (String line : text.lines().toList()) {
      String[] words = line.trim().split("\\s+");
      if (words.length < 3 || !words[0].equals("softdep")) {
        continue;
      }
      List<String> pre = new ArrayList<>();
      List<String> post = new ArrayList<>();
      List<String> mode = null;
      for (int i = 2; i < words.length; i++) {
        switch (words[i]) {
          case "pre:" -> mode = pre;
          case "post:" -> mode = post;
          default -> {
            if (mode != null) {
              mode.add(words[i]);
            }
          }
        }
      }
      softdeps.add(new Softdep(underscores(words[1]), pre, post));
    }
    return softdeps;
  }

  /** modules.builtin: each line's module name (path_to_modname). */
  static Set<String> parseBuiltin(String text) {
    Set<String> names = new LinkedHashSet<>();
    if (text != null) {
      for (String line : text.lines().toList()) {
        if (!line.isBlank()) {
          names.add(KoTools.modname(line.trim()));
        }
      }
    }
    return names;
  }

  /** underscores(): '-' as '_' outside brackets. */
  private static String underscores(String name) {
    String normalized = DepmodFiles.aliasNormalize(name);
    return normalized == null ? name : normalized;
  }

  /** fnmatch(pattern, name, 0) for '*', '?' and bracket expressions. */
  static boolean fnmatch(String pattern, String name) {
    boolean plain =
        pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0 && pattern.indexOf('[') < 0;
    return plain ? pattern.equals(name) : regex(pattern).matcher(name).matches();
  }

  /** The pattern as a regular expression. */
  static java.util.regex.Pattern regex(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      int close;
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (c == '[' && (close = pattern.indexOf(']', i + 2)) > 0) {
        String set = pattern.substring(i + 1, close);
        regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
        i = close;
      } else {
        regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL);
  }
}

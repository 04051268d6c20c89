package org.kmodsim.userspace.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * modprobe's configuration (libkmod-config.c kmod_config_new, kmod_config_parse): the {@code
 * *.conf} files of /etc/modprobe.d, /run/modprobe.d, /usr/local/lib/modprobe.d and /lib/modprobe.d,
 * read in the order of their names (a name in an earlier directory hides the same name in a later
 * one), with the tree's modules.softdep among them; lines joined by a trailing backslash, {@code #}
 * comments, and the commands {@code alias}, {@code blacklist}, {@code options}, {@code softdep},
 * {@code install}, {@code remove} (a bad line is kmod's "ignoring bad line starting with"; the
 * errors are libkmod's lines as modprobe prints them). {@code modprobe -C PATH} reads only the
 * files and directories named (kmod_new's config_paths instead of default_config_paths), with
 * modules.softdep still first among them (kmod_config_new). Pure once read; {@link ModprobePlan}
 * runs the install and remove commands.
 */
record ModprobeConfig(
    List<Alias> aliases,
    List<String> blacklist,
    List<Options> options,
    List<ProbeList.Softdep> softdeps,
    List<Command> installs,
    List<Command> removes,
    List<String> errors) {
  ModprobeConfig {
    aliases = List.copyOf(aliases);
    blacklist = List.copyOf(blacklist);
    options = List.copyOf(options);
    softdeps = List.copyOf(softdeps);
    installs = List.copyOf(installs);
    removes = List.copyOf(removes);
    errors = List.copyOf(errors);
  }

  /** {@code install MODNAME COMMAND...} or {@code remove MODNAME COMMAND...}. */
  record Command(String modname, String command) {}

  /**
   * kmod_module_get_install_commands (and _remove_): the first line whose module pattern matches
   * the name (fnmatch), or null.
   */
  static String command(List<Command> commands, String modname) {
    for (Command command : commands) {
      if (ProbeList.fnmatch(command.modname(), modname)) {
        return command.command();
      }
    }
    return null;
  }

  /** kmod_lookup_alias_from_commands: an install or remove line names exactly this module. */
  boolean hasCommandFor(String modname) {
    return java.util.stream.Stream.concat(installs.stream(), removes.stream())
        .anyMatch(command -> command.modname().equals(modname));
  }

  /** {@code alias PATTERN MODNAME}. */
  record Alias(String pattern, String modname) {}

  /** {@code options MODNAME OPTIONS...}. */
  record Options(String modname, String options) {}

  /** libkmod's ERR prefix as Debian's kmod 30 logs it (file and line of the call). */
  private static final String ERR = "libkmod: ERROR ../libkmod/libkmod-config.c:";

  static final List<String> DIRECTORIES =
      List.of("etc/modprobe.d", "run/modprobe.d", "usr/local/lib/modprobe.d", "lib/modprobe.d");

  /**
   * The configuration of the machine whose root is {@code root} (null: none), with the tree's
   * modules.softdep text (null: none).
   */
  static ModprobeConfig load(Path root, String modulesSoftdep) {
    return load(root, DIRECTORIES, modulesSoftdep);
  }

  /**
   * The same with {@code paths} (absolute in the machine, or relative to its root) instead of the
   * default directories: a file is read as it is, a directory for its {@code *.conf} files.
   */
  static ModprobeConfig load(Path root, List<String> paths, String modulesSoftdep) {
    Map<String, String[]> files = new TreeMap<>();
    for (String dir : root == null ? List.<String>of() : paths) {
      String inside = dir.replaceFirst("^/+", "");
      Path path = root.resolve(inside);
      if (Files.isRegularFile(path)) {
        files.putIfAbsent(path.getFileName().toString(), new String[] {"/" + inside, read(path)});
        continue;
      } else if (!Files.isDirectory(path)) {
        continue;
      }
      try (Stream<Path> list = Files.list(path)) {
        for (Path file : list.sorted().toList()) {
          String name = file.getFileName().toString();
          if (name.startsWith(".") || !name.endsWith(".conf") || !Files.isRegularFile(file)) {
            continue;
          }
          files.putIfAbsent(name, new String[] {"/" + inside + "/" + name, read(file)});
        }
      } catch (IOException e) {
        // an unreadable directory holds no configuration, as conf_files_list skips it
      }
    }
    if (modulesSoftdep != null) {
      files.putIfAbsent("modules.softdep", new String[] {"modules.softdep", modulesSoftdep});
    }
    Builder builder = new Builder();
    for (String[] file : files.values()) {
      if (file[1] != null) {
        builder.parse(file[0], file[1]);
      }
    }
    return builder.build();
  }

  /**
   * This configuration with the kernel command line's entries after its own ({@link
   * ModprobeKcmdline}: kmod_config_new parses /proc/cmdline last; module-init-tools 3.9 after the
   * configuration files too, options only); 2.4's modutils does not read it. {@code procCmdline}
   * null: no /proc/cmdline.
   */
  ModprobeConfig withKcmdline(String procCmdline, org.kmodsim.kernel.Era era) {
    if (procCmdline == null || era == org.kmodsim.kernel.Era.V2_4) {
      return this;
    }
    Builder builder = new Builder();
    builder.options.addAll(options);
    builder.blacklist.addAll(blacklist);
    builder.errors.addAll(errors);
    ModprobeKcmdline.Sink sink =
        new ModprobeKcmdline.Sink() {
          @Override
          public void options(String modname, String text) {
            builder.options.add(new Options(modname, text));
          }

          @Override
          public void blacklist(String modname) {
            builder.blacklist.add(modname);
          }

          @Override
          public void error(String message) {
            builder.errors.add(message);
          }
        };
    if (era == org.kmodsim.kernel.Era.V2_6) {
      ModprobeKcmdline.moduleInitTools(procCmdline, sink);
    } else {
      ModprobeKcmdline.kmod(procCmdline, sink);
    }
    return new ModprobeConfig(
        aliases, builder.blacklist, builder.options, softdeps, installs, removes, builder.errors);
  }

  /** The configuration of one text (tests). */
  static ModprobeConfig parse(String fileName, String text) {
    Builder builder = new Builder();
    builder.parse(fileName, text);
    return builder.build();
  }

  /** kmod_module_get_options: every options line for the name (or the alias it was asked as). */
  String optionsFor(String modname, String alias) {
    List<String> found = new ArrayList<>();
    for (Options line : options) {
      if (line.modname().equals(modname) || line.modname().equals(alias)) {
        found.add(line.options());
      }
    }
    return found.isEmpty() ? null : String.join(" ", found);
  }

  private static final class Builder {
    final List<Alias> aliases = new ArrayList<>();
    final List<String> blacklist = new ArrayList<>();
    final List<Options> options = new ArrayList<>();
    final List<ProbeList.Softdep> softdeps = new ArrayList<>();
    final List<Command> installs = new ArrayList<>();
    final List<Command> removes = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    ModprobeConfig build() {
      return new ModprobeConfig(aliases, blacklist, options, softdeps, installs, removes, errors);
    }

    void parse(String fileName, String text) {
      List<String> lines = text.lines().toList();
      int linenum = 0;
      for (int i = 0; i < lines.size(); i++) {
        StringBuilder line = new StringBuilder(lines.get(i));
        linenum++;
        while (line.length() > 0
            && line.charAt(line.length() - 1) == '\\'
            && i + 1 < lines.size()) {
          line.setLength(line.length() - 1);
          line.append(lines.get(++i));
          linenum++;
        }
        command(fileName, linenum, line.toString());
      }
    }

    private void command(String fileName, int linenum, String line) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        return;
      }
      String trimmed = line.replaceFirst("^[\\t ]+", "");
      if (trimmed.isEmpty()) {
        return;
      }
      String[] head = trimmed.split("[\\t ]+", 3);
      String cmd = head[0];
      String first = head.length > 1 ? underscores(head[1]) : null;
      String rest = head.length > 2 ? head[2] : null;
      boolean ok =
          switch (cmd) {
            case "alias" -> {
              String modname = rest == null ? null : underscores(rest.split("[\\t ]+")[0]);
              if (first != null && modname != null) {
                aliases.add(new Alias(first, modname));
              }
              yield first != null && modname != null;
            }
            case "blacklist" -> {
              if (first != null) {
                blacklist.add(first);
              }
              yield first != null;
            }
            case "options" -> {
              if (first != null && rest != null) {
                options.add(new Options(first, rest));
              }
              yield first != null && rest != null;
            }
            case "softdep" -> {
              if (first != null && rest != null) {
                softdeps.addAll(ProbeList.parseSoftdeps("softdep " + first + " " + rest));
              }
              yield first != null && rest != null;
            }
            case "install", "remove" -> {
              if (first != null && rest != null) {
                (cmd.equals("install") ? installs : removes).add(new Command(first, rest));
              }
              yield first != null && rest != null;
            }
            case "include", "config" -> {
              errors.add(
                  ERR
                      + "708 kmod_config_parse: "
                      + fileName
                      + ": command "
                      + cmd
                      + " is deprecated and not parsed anymore");
              yield true;
            }
            default -> false;
          };
      if (!ok) {
        errors.add(
            ERR
                + "712 kmod_config_parse: "
                + fileName
                + " line "
                + linenum
                + ": ignoring bad line starting with '"
                + cmd
                + "'");
      }
    }
  }

  /** underscores(): '-' as '_' outside brackets; null for an unmatched bracket (kmod's -EINVAL). */
  private static String underscores(String name) {
    return DepmodFiles.aliasNormalize(name);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}

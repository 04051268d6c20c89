package org.kmodsim.userspace.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * depmod's configuration, read as kmod 30's cfg_load does (tools/depmod.c): the files of
 * default_cfg_paths ({@code /etc/depmod.d}, {@code /run/depmod.d}, {@code /usr/local/lib/depmod.d},
 * {@code /lib/depmod.d}) or of each {@code -C PATH} instead (cfg_files_list: a file as it is, a
 * directory for its {@code *.conf} files), all of them in the order of their names, a name seen
 * before ignored (cfg_files_insert_sorted); each parsed by cfg_file_parse: lines joined by a
 * trailing backslash (freadline_wrapped), {@code search}, {@code override MODNAME KVER SUBDIR},
 * {@code external KVER DIR}, {@code exclude}, the unimplemented {@code include} and {@code
 * make_map_files}, anything else "ignoring bad line starting with". Each directive's list is built
 * as kmod's linked lists are, newest first; with no {@code search} line there is one, {@code
 * updates}. The messages are depmod's ERR and INF lines: INF only from {@code -vv} on (log_printf
 * against LOG_WARNING plus one per {@code -v}). Pure once read; {@link DepmodSearch} applies it.
 *
 * @param searches {@code search} entries, newest first ({@link #BUILTIN}, {@link #EXTERNAL} or a
 *     directory relative to the tree)
 * @param overrides {@code SUBDIR/MODNAME} of each {@code override} whose KVER matched, newest first
 * @param externals the directories of each {@code external} whose KVER matched, newest first
 * @param excludes {@code exclude} names, newest first
 * @param messages what depmod printed on standard error while reading it, each line ended
 */
record DepmodConfig(
    List<String> searches,
    List<String> overrides,
    List<String> externals,
    List<String> excludes,
    String messages) {
  DepmodConfig {
    searches = List.copyOf(searches);
    overrides = List.copyOf(overrides);
    externals = List.copyOf(externals);
    excludes = List.copyOf(excludes);
  }

  /** CFG_BUILTIN_KEY: the search entry of the tree's other directories. */
  static final String BUILTIN = "built-in";

  /** CFG_EXTERNAL_KEY: the search entry of the {@code external} directories. */
  static final String EXTERNAL = "external";

  /** default_cfg_paths, with SYSCONFDIR /etc. */
  static final List<String> DEFAULT_PATHS =
      List.of("/etc/depmod.d", "/run/depmod.d", "/usr/local/lib/depmod.d", "/lib/depmod.d");

  /** The configuration without files: {@code search updates}. */
  static final DepmodConfig NONE =
      new DepmodConfig(List.of("updates"), List.of(), List.of(), List.of(), "");

  /** LOG_WARNING, depmod's verbosity without {@code -v}; LOG_INFO prints INF. */
  private static final int LOG_WARNING = 4;

  private static final int LOG_INFO = 6;

  private static final int LOG_ERR = 3;

  /**
   * cfg_load over the machine whose root is {@code root} (null: no files).
   *
   * @param paths the {@code -C} paths, absolute in the machine or relative to its root (empty: the
   *     defaults)
   * @param kversion the release depmod works for (cfg_kernel_matches)
   * @param verbose how many {@code -v}
   */
  static DepmodConfig load(Path root, List<String> paths, String kversion, int verbose) {
    Builder builder = new Builder(kversion, LOG_WARNING + verbose);
    Map<byte[], String[]> files = new TreeMap<>(Arrays::compareUnsigned);
    for (String given :
        root == null ? List.<String>of() : paths.isEmpty() ? DEFAULT_PATHS : paths) {
      builder.list(files, given, root.resolve(given.replaceFirst("^/+", "")));
    }
    for (String[] file : files.values()) {
      builder.parse(file[0], root.resolve(file[1]));
    }
    return builder.build();
  }

  /** The configuration of one file's text (tests). */
  static DepmodConfig parse(String filename, String text, String kversion, int verbose) {
    Builder builder = new Builder(kversion, LOG_WARNING + verbose);
    builder.parseText(filename, text);
    return builder.build();
  }

  private static final class Builder {
    private final String kversion;
    private final int priority;
    private final List<String> searches = new ArrayList<>();
    private final List<String> overrides = new ArrayList<>();
    private final List<String> externals = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private final StringBuilder messages = new StringBuilder();

    Builder(String kversion, int priority) {
      this.kversion = kversion;
      this.priority = priority;
    }

    DepmodConfig build() {
      if (searches.isEmpty()) {
        searches.add("updates"); // backward compatibility: cfg_load
      }
      return new DepmodConfig(searches, overrides, externals, excludes, messages.toString());
    }

    private void log(int prio, String text) {
      if (prio <= priority) {
        messages.append("depmod: ").append(prio == LOG_INFO ? "INFO" : "ERROR").append(": ");
        messages.append(text).append('\n');
      }
    }

    /**
     * cfg_files_list: {@code files} by name, the first of a name kept, each its shown path and its
     * path inside the root; a path that is not there is skipped (DBG only).
     */
    void list(Map<byte[], String[]> files, String given, Path onDisk) {
      if (Files.isRegularFile(onDisk)) {
        String name = onDisk.getFileName().toString();
        files.putIfAbsent(bytes(name), new String[] {given, inside(given)});
        return;
      } else if (!Files.isDirectory(onDisk)) {
        return;
      }
      List<Path> entries;
      try (Stream<Path> list = Files.list(onDisk)) {
        entries = list.sorted().toList(); // readdir order: the model takes name order
      } catch (IOException e) {
        log(LOG_ERR, "files list " + given + ": " + reason(e));
        return;
      }
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        } else if (name.length() < 6 || !name.endsWith(".conf")) {
          log(LOG_INFO, "All cfg files need .conf: " + given + "/" + name);
        } else if (Files.isDirectory(entry)) {
          log(LOG_ERR, "Directories inside directories are not supported: " + given + "/" + name);
        } else {
          files.putIfAbsent(
              bytes(name), new String[] {given + "/" + name, inside(given + "/" + name)});
        }
      }
    }

    void parse(String filename, Path file) {
      String text;
      try {
        text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      } catch (IOException e) {
        log(LOG_ERR, "file parse " + filename + ": " + reason(e));
        return;
      }
      parseText(filename, text);
    }

    /** cfg_file_parse over freadline_wrapped's lines. */
    void parseText(String filename, String text) {
      int linenum = 0;
      int i = 0;
      while (i < text.length()) {
        StringBuilder line = new StringBuilder();
        int lines = 0;
        while (i < text.length()) {
          char ch = text.charAt(i++);
          if (ch == '\n') {
            break;
          } else if (ch == '\\' && i < text.length() && text.charAt(i) == '\n') {
            i++;
            lines++;
          } else if (ch == '\\') {
            // a backslash before anything else is dropped; at the end of the file, EOF's 0xff
            line.append(i < text.length() ? text.charAt(i++) : '\u00ff');
          } else {
            line.append(ch);
          }
        }
        linenum += lines + 1;
        directive(filename, linenum, line.toString());
      }
    }

    private void directive(String filename, int linenum, String line) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        return;
      }
      List<String> words = new ArrayList<>();
      for (String word : line.split("[\\t ]+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
      if (words.isEmpty()) {
        return;
      }
      String cmd = words.get(0);
      String where = filename + ":" + linenum + ": ";
      boolean ok = true;
      switch (cmd) {
        case "search" -> words.subList(1, words.size()).forEach(w -> searches.add(0, w));
        case "override" -> {
          ok = words.size() >= 4;
          if (ok && !matches(words.get(2))) {
            log(LOG_INFO, where + "override kernel did not match " + words.get(2));
          } else if (ok) {
            overrides.add(0, words.get(3) + "/" + words.get(1));
          }
        }
        case "external" -> {
          ok = words.size() >= 3;
          if (ok && !matches(words.get(1))) {
            log(LOG_INFO, where + "external directory did not match " + words.get(1));
          } else if (ok) {
            externals.add(0, words.get(2));
          }
        }
        case "exclude" -> words.subList(1, words.size()).forEach(w -> excludes.add(0, w));
        case "include", "make_map_files" ->
            log(LOG_INFO, where + "command " + cmd + " not implemented yet");
        default -> ok = false;
      }
      if (!ok) {
        log(LOG_ERR, where + "ignoring bad line starting with '" + cmd + "'");
      }
    }

    /**
     * cfg_kernel_matches: {@code *}, or regexec of the extended regular expression anywhere in the
     * release; one that does not compile matches nothing. Java's regular expressions stand for
     * POSIX ERE here (the same for the patterns depmod.d files use: literals, {@code .*}, classes).
     */
    private boolean matches(String pattern) {
      if (pattern.equals("*")) {
        return true;
      }
      try {
        return Pattern.compile(pattern).matcher(kversion).find();
      } catch (PatternSyntaxException e) {
        return false;
      }
    }
  }

  private static byte[] bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  private static String inside(String path) {
    return path.replaceFirst("^/+", "");
  }

  private static String reason(IOException e) {
    return e instanceof AccessDeniedException ? "Permission denied" : "Input/output error";
  }
}

package org.kmodsim.scenarios.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.printk.PrintkSteps;

/**
 * Tab completion as bash-completion does it for the module tools: the first word of a pipeline
 * stage completes to a command (the machine's, the shell's built-ins and filters); an option to the
 * command's options; {@code insmod} to module files, {@code rmmod} and {@code modinfo} to the
 * loaded modules (read from /proc/modules on the machine, as bash-completion runs lsmod), a module
 * file's later words to its parameters ({@code howmany=}); the word after {@code printk}, {@code
 * printk_once}, {@code printk_ratelimited} or {@code printk_deferred} to the KERN_* level macros of
 * the machine's era ({@code printk KERN_AL<TAB>}); a word starting with {@code /} to the paths of
 * the machine's /proc and /sys (a listing of the directory, run on the machine).
 */
public final class ShellCompleter implements Completer {
  /** What the module directory holds and the machine's era, from the command line's settings. */
  public interface Sources {
    List<String> moduleFiles();

    List<String> parameters(String moduleFile);

    Era era();
  }

  static final List<String> BUILTINS = List.of("exit", "help", "su");

  /** Each command's options, as the tools (kmod, util-linux, GNU) spell them. */
  static final Map<String, List<String>> OPTIONS =
      Map.ofEntries(
          Map.entry("insmod", List.of("-f", "-s", "-v", "--force", "--syslog", "--verbose")),
          Map.entry("rmmod", List.of("-f", "-s", "-v", "-w", "--force", "--syslog", "--verbose")),
          Map.entry(
              "modprobe", List.of("-a", "-f", "-n", "-q", "-r", "-v", "--remove", "--dry-run")),
          Map.entry("modinfo", List.of("-F", "-a", "-d", "-l", "-n", "-p")),
          Map.entry("dmesg", List.of("-C", "-c", "-k", "-l", "-n", "-r", "-t", "-u", "-x")),
          Map.entry("grep", List.of("-E", "-F", "-c", "-e", "-i", "-n", "-o", "-q", "-v", "-w")),
          Map.entry("head", List.of("-c", "-n")),
          Map.entry("tail", List.of("-c", "-n")),
          Map.entry("wc", List.of("-c", "-l", "-m", "-w")),
          Map.entry("uname", List.of("-a", "-m", "-n", "-r", "-s", "-v")),
          Map.entry("echo", List.of("-n")),
          Map.entry("sysctl", List.of("-w")),
          Map.entry("delete_module", List.of("O_NONBLOCK", "O_TRUNC")));

  private final ShellSession session;
  private final Sources sources;

  ShellCompleter(ShellSession session, Sources sources) {
    this.session = session;
    this.sources = sources;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> words = stage(line.words().subList(0, line.wordIndex()));
    String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
    if (words.isEmpty()) {
      TreeSet<String> names = new TreeSet<>(session.commands());
      names.addAll(BUILTINS);
      names.addAll(Filters.NAMES);
      names.forEach(name -> candidates.add(new Candidate(name)));
      return;
    }
    String command = words.get(0);
    if (word.startsWith("/")) {
      paths(word, candidates);
    } else if (word.startsWith("-") || command.equals("delete_module") && words.size() > 1) {
      OPTIONS.getOrDefault(command, List.of()).forEach(o -> candidates.add(new Candidate(o)));
    } else {
      arguments(command, words, candidates);
    }
  }

  /** The words of the pipeline stage the cursor is in. */
  private static List<String> stage(List<String> before) {
    int start = before.lastIndexOf("|") + 1;
    return before.subList(start, before.size());
  }

  private void arguments(String command, List<String> words, List<Candidate> candidates) {
    List<String> operands = new ArrayList<>();
    for (String w : words.subList(1, words.size())) {
      if (!w.startsWith("-")) {
        operands.add(w);
      }
    }
    switch (command) {
      case "insmod", "init_module", "finit_module" -> {
        if (operands.isEmpty()) {
          sources.moduleFiles().forEach(f -> candidates.add(new Candidate(f)));
        } else {
          parameters(operands.get(0), candidates);
        }
      }
      case "modprobe" -> {
        if (operands.isEmpty()) {
          sources.moduleFiles().forEach(f -> candidates.add(new Candidate(moduleName(f))));
        } else {
          parameters(operands.get(0) + ".conf", candidates);
        }
      }
      case "rmmod", "modinfo", "delete_module" -> loadedModules(candidates);
      case "cat", "ls", "echo" -> paths("/", candidates);
      default -> {
        // a printk word's level; other commands take no names the completer knows
        if (operands.isEmpty()) {
          PrintkSteps.levelMacros(command, sources.era())
              .forEach(m -> candidates.add(new Candidate(m)));
        }
      }
    }
  }

  private void parameters(String moduleFile, List<Candidate> candidates) {
    for (String name : sources.parameters(moduleFile)) {
      candidates.add(new Candidate(name + "=", name + "=", null, null, null, null, false));
    }
  }

  /** The loaded modules: the first field of each /proc/modules line, read on the machine. */
  private void loadedModules(List<Candidate> candidates) {
    for (String row : session.capture("cat /proc/modules").split("\n")) {
      if (!row.isBlank()) {
        candidates.add(new Candidate(row.split(" ")[0]));
      }
    }
  }

  /** The entries of the directory {@code word} is in, listed on the machine. */
  private void paths(String word, List<Candidate> candidates) {
    int slash = word.lastIndexOf('/');
    String dir = slash <= 0 ? "/" : word.substring(0, slash);
    String prefix = dir.equals("/") ? "/" : dir + "/";
    String listing = session.capture("ls " + dir);
    for (String name : listing.split("\n")) {
      if (name.isBlank() || name.equals(dir)) {
        continue;
      }
      String path = prefix + name;
      if (!path.startsWith(word)) {
        continue;
      }
      // a directory goes on (no space after it); whether it is one is known only by listing it
      candidates.add(new Candidate(path, path, null, null, null, null, false));
    }
    if (candidates.size() == 1 && candidates.get(0).value().startsWith("/")) {
      String only = candidates.get(0).value();
      boolean file = session.capture("ls " + only).equals(only + "\n");
      candidates.set(
          0,
          file
              ? new Candidate(only)
              : new Candidate(only + "/", only + "/", null, null, null, null, false));
    }
  }

  static String moduleName(String file) {
    return file.endsWith(".conf") ? file.substring(0, file.length() - 5) : file;
  }
}

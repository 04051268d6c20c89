package org.kmodsim.scenarios.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Checks every output file and directory a command line names before the command runs, so that a
 * run of minutes does not end with "cannot write": the parent directory exists and is writable, the
 * file is not a directory (and is writable if it exists); an output directory exists or can be
 * made. One check for every command: the options are recognized by name.
 */
public final class OutputPaths {
  /** Options that name a file the command writes. */
  static final Set<String> FILES =
      Set.of("--trace", "--report", "--save-choices", "--plot", "--csv", "--output");

  /** Options that name a directory the command writes into. */
  static final Set<String> DIRECTORIES = Set.of("--out");

  private OutputPaths() {}

  /** Checks the matched output options of the command and its subcommands. */
  public static void check(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      for (OptionSpec option : p.matchedOptions()) {
        Object value = option.getValue();
        if (!(value instanceof Path path)) {
          continue;
        }
        String problem =
            FILES.contains(option.longestName())
                ? fileProblem(path)
                : DIRECTORIES.contains(option.longestName()) ? directoryProblem(path) : null;
        if (problem != null) {
          throw new CommandLine.ParameterException(
              p.commandSpec().commandLine(),
              option.longestName() + ": cannot write " + path + ": " + problem);
        }
      }
    }
  }

  /** Why {@code file} cannot be written, or null. */
  static String fileProblem(Path file) {
    if (Files.isDirectory(file)) {
      return "Is a directory";
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.exists(parent)) {
      return "No such file or directory (the directory " + parent + " does not exist)";
    }
    if (!Files.isDirectory(parent)) {
      return "Not a directory (" + parent + ")";
    }
    if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(parent)) {
      return "Permission denied";
    }
    return null;
  }

  /** Why files cannot be written in {@code dir}, or null. */
  static String directoryProblem(Path dir) {
    if (Files.isDirectory(dir)) {
      return Files.isWritable(dir) ? null : "Permission denied";
    }
    if (Files.exists(dir)) {
      return "Not a directory";
    }
    return fileProblem(dir);
  }
}

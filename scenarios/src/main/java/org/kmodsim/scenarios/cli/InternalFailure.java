package org.kmodsim.scenarios.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A failure of kmodsim itself (a bug, never the user's input): one line on the terminal, with the
 * exception's own message and where the full trace was written (a file in the temporary directory,
 * {@code kmodsim-internal-error-*.txt}), for the bug report. Exit status 3.
 */
public final class InternalFailure {
  private InternalFailure() {}

  /** The line to print for {@code failure} of the command {@code args}; writes the trace file. */
  public static String report(Throwable failure, String... args) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    what = what.lines().findFirst().orElse("").strip();
    String where;
    try {
      Path file = Files.createTempFile("kmodsim-internal-error-", ".txt");
      StringWriter trace = new StringWriter();
      try (PrintWriter out = new PrintWriter(trace)) {
        out.println("kmodsim " + String.join(" ", args));
        out.println("java " + System.getProperty("java.version"));
        failure.printStackTrace(out);
      }
      Files.writeString(file, trace.toString(), StandardCharsets.UTF_8);
      where = "the full trace is in " + file;
    } catch (IOException | SecurityException e) {
      where = "the trace could not be written (" + e.getMessage() + ")";
    }
    return "kmodsim: internal error: " + what + " (a bug in kmodsim; " + where + ")";
  }
}

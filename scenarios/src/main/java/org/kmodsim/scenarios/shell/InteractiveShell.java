package org.kmodsim.scenarios.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive shell's terminal side (JLine 3): the prompt ({@code root@kmodsim:~#}, {@code $}
 * for another user), line editing, history (in {@code historyFile} when given), completion ({@link
 * ShellCompleter}). Each line runs on the machine of a {@link ShellSession}; between lines a clock
 * thread lets the machine run on as far as the wall-clock time that passed, and prints what its
 * consoles wrote above the prompt. Ctrl-C gives a new prompt, Ctrl-D or {@code exit} leaves. A
 * panic (or any halt) prints what the console showed, then says that the machine halted.
 */
public final class InteractiveShell {
  /** How often the clock thread lets the machine run on while the user types. */
  static final long TICK_MILLIS = 20;

  private final Terminal terminal;
  private final ShellSession session;
  private final String user;
  private final ShellCompleter.Sources sources;
  private final Path historyFile;

  public InteractiveShell(
      Terminal terminal,
      ShellSession session,
      String user,
      ShellCompleter.Sources sources,
      Path historyFile) {
    this.terminal = terminal;
    this.session = session;
    this.user = user;
    this.sources = sources;
    this.historyFile = historyFile;
  }

  /** The prompt of bash's default PS1 on the machine: {@code root@kmodsim:~# }. */
  static String prompt(String user) {
    return user + "@kmodsim:~" + (user.equals("root") ? "# " : "$ ");
  }

  /** Reads and runs lines until exit, end of input or a halt; returns the shell's exit status. */
  public int run() {
    LineReaderBuilder builder =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("kmodsim")
            .completer(new ShellCompleter(session, sources))
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
    if (historyFile != null) {
      builder.variable(LineReader.HISTORY_FILE, historyFile);
    }
    LineReader reader = builder.build();
    PrintWriter out = terminal.writer();
    print(reader, session.console());
    Thread clock = new Thread(() -> tick(reader), "kmodsim-clock");
    clock.setDaemon(true);
    clock.start();
    try {
      while (!session.over()) {
        String line;
        try {
          line = reader.readLine(prompt(user));
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          out.println("exit");
          break;
        }
        if (line.isBlank()) {
          continue;
        }
        ShellSession.Result result = session.execute(line);
        print(reader, session.console());
        if (result != null) {
          out.print(result.output());
          out.print(result.errors());
          out.flush();
        }
      }
    } finally {
      clock.interrupt();
      try {
        clock.join(TimeUnit.SECONDS.toMillis(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      print(reader, session.console());
      try {
        reader.getHistory().save();
      } catch (java.io.IOException e) {
        // a history file that cannot be written costs only the history
      }
    }
    String stopped = session.stopped();
    session.close();
    if (stopped != null) {
      out.println("kmodsim: sh: " + stopped);
      out.flush();
      return 1;
    }
    return session.lastStatus();
  }

  /** The clock thread: runs the machine on by the wall time that passed, prints its consoles. */
  private void tick(LineReader reader) {
    long last = System.nanoTime();
    while (!Thread.currentThread().isInterrupted() && !session.over()) {
      try {
        TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      session.idle(now - last);
      last = now;
      String text = session.console();
      if (!text.isEmpty()) {
        reader.printAbove(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
      }
    }
  }

  private void print(LineReader reader, String text) {
    if (!text.isEmpty()) {
      terminal.writer().print(text);
      terminal.writer().flush();
    }
  }
}

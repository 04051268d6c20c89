package org.kmodsim.userspace.sysklogd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.kernel.printk.Syslog;
import org.kmodsim.sim.Sim;

/**
 * klogd, the kernel log daemon of sysklogd (klogd.c), with the syscall source ({@code -s}): syslog
 * action 1 once, action 8 with the {@code -c N} level if given, then a loop of blocking action 2
 * reads of up to 4095 bytes, each line handed to syslogd, which appends "{@code Mmm dd hh:mm:ss
 * kmodsim kernel: text}" to the kernel log. The log is a file of the simulated VFS
 * (kmodsim.klogd.log, readable with cat) and, when kmodsim.klogd.file is set, a real file on the
 * host as well. A user-space process: not a CPU program, since it sleeps in syslog(2) and costs no
 * CPU time in the model.
 *
 * <p>Owns: 1. the log text; 2. the partial line of the last read.
 */
public final class Klogd extends AbstractBehavior<Klogd.Command> {

  public sealed interface Command {}

  private record Read(Printk.SyslogReply reply) implements Command {}

  private record File(FileRequest request) implements Command {}

  /** -c level (0: not given), the VFS path of the log, an optional host file. */
  public record Settings(int consoleLevel, String logPath, Path hostFile) {}

  public static Behavior<Command> create(
      Sim sim, ActorRef<Printk.Command> printk, ActorRef<Vfs.Command> vfs, Settings settings) {
    return Behaviors.setup(ctx -> new Klogd(ctx, sim, printk, vfs, settings));
  }

  private static final int LOG_BUFFER = 4095;
  private static final int LINE_LENGTH = 1000;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Sim sim;
  private final ActorRef<Printk.Command> printk;
  private final Settings settings;
  private final ActorRef<Printk.SyslogReply> replies;
  private final StringBuilder log = new StringBuilder();
  private String partial = "";
  private int stage;

  private Klogd(
      ActorContext<Command> ctx,
      Sim sim,
      ActorRef<Printk.Command> printk,
      ActorRef<Vfs.Command> vfs,
      Settings settings) {
    super(ctx);
    this.sim = sim;
    this.printk = printk;
    this.settings = settings;
    this.replies = ctx.messageAdapter(Printk.SyslogReply.class, Read::new);
    if (vfs != null) {
      sim.send(
          ctx.getSelf(),
          vfs,
          new Vfs.Mount(settings.logPath(), ctx.messageAdapter(FileRequest.class, File::new)));
    }
    call(Syslog.OPEN, 0);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Read.class, this::onRead)
        .onMessage(File.class, this::onFile)
        .build();
  }

  private Behavior<Command> onRead(Read read) {
    Syslog.Result result = read.reply().result();
    if (result.errno() != null) {
      append("klogd: syslog(" + currentType() + ") failed: " + result.errno().message());
      return Behaviors.stopped(); // klogd exits when it cannot read the log
    }
    if (stage == 0 && settings.consoleLevel() > 0) {
      stage = 1;
      call(Syslog.CONSOLE_LEVEL, settings.consoleLevel());
      return this;
    }
    if (stage == 2) {
      lines(result.data());
    }
    stage = 2;
    call(Syslog.READ, LOG_BUFFER);
    return this;
  }

  private int currentType() {
    return stage == 0 ? Syslog.OPEN : stage == 1 ? Syslog.CONSOLE_LEVEL : Syslog.READ;
  }

  private void lines(String data) {
    String text = partial + data;
    int start = 0;
    int newline;
    while ((newline = text.indexOf('\n', start)) >= 0) {
      String line = text.substring(start, newline);
      while (line.length() > LINE_LENGTH) {
        logLine(line.substring(0, LINE_LENGTH));
        line = line.substring(LINE_LENGTH);
      }
      logLine(line);
      start = newline + 1;
    }
    partial = text.substring(start);
  }

  /** The "&lt;N&gt;" tag becomes the syslog priority; syslogd writes the text. */
  private void logLine(String line) {
    String text = line;
    int end = line.indexOf('>');
    if (line.startsWith("<") && end > 1) {
      text = line.substring(end + 1);
    }
    append(STAMP.format(Instant.ofEpochSecond(0, sim.nowNanos())) + " kmodsim kernel: " + text);
  }

  private void append(String line) {
    log.append(line).append('\n');
    if (settings.hostFile() != null) {
      try {
        Files.writeString(
            settings.hostFile(),
            line + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        log.append("klogd: cannot write ")
            .append(settings.hostFile())
            .append(": ")
            .append(e.getMessage())
            .append('\n');
      }
    }
  }

  private Behavior<Command> onFile(File file) {
    FileRequest request = file.request();
    FileReply reply =
        request instanceof FileRequest.Read
            ? new FileReply.Content(log.toString())
            : new FileReply.Failed(
                request instanceof FileRequest.Write ? Errno.EACCES : Errno.ENOTDIR, true);
    sim.send(getContext().getSelf(), request.replyTo(), reply);
    return this;
  }

  private void call(int type, int len) {
    sim.send(
        getContext().getSelf(),
        printk,
        new Printk.SyslogCall(type, len, Cred.root(), false, replies));
  }
}

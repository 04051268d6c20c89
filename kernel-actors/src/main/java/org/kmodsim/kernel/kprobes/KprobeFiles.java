package org.kmodsim.kernel.kprobes;

import java.util.List;
import java.util.function.Supplier;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;

/**
 * The debugfs directory {@code /sys/kernel/debug/kprobes} (kernel/kprobes.c debugfs_kprobe_init):
 * {@code list} and {@code blacklist} (0400, no write method), {@code enabled} (0600). debugfs
 * itself is mounted 0700, so only root gets in. Pure: answers one request from the manager's state;
 * a valid write to {@code enabled} comes back as the value to set.
 */
final class KprobeFiles {
  private KprobeFiles() {}

  /** The reply, and for a write to {@code enabled} the requested state (else null). */
  record Answer(FileReply reply, Boolean enable) {}

  /**
   * Serves {@code request} (debugfs or the sysctl) and flips the switch a valid write asks for;
   * {@code line} is the log line to print when it switched (else null).
   */
  record Served(FileReply reply, Optimizer.Switched switched, String line) {}

  static Served serve(
      FileRequest request,
      KprobeEra era,
      Optimizer optimizer,
      Supplier<String> list,
      Supplier<String> blacklist) {
    boolean sysctl = Vfs.normalize(request.path()).equals(OPTIMIZATION);
    Answer answer =
        sysctl
            ? optimization(request, optimizer.optimizationAllowed())
            : answer(request, era, optimizer.allDisarmed(), list, blacklist);
    if (answer.enable() == null) {
      return new Served(answer.reply(), Optimizer.Switched.UNCHANGED, null);
    }
    boolean on = answer.enable();
    Optimizer.Switched switched =
        sysctl ? optimizer.setOptimizationAllowed(on) : optimizer.setAllDisarmed(!on);
    String line = sysctl ? era.optimizationLine(on) : era.globallyLine(on);
    return new Served(
        answer.reply(), switched, switched == Optimizer.Switched.UNCHANGED ? null : line);
  }

  static List<String> names(KprobeEra era) {
    return era.blacklistFile()
        ? List.of("blacklist", "enabled", "list")
        : List.of("enabled", "list");
  }

  static Answer answer(
      FileRequest request,
      KprobeEra era,
      boolean allDisarmed,
      Supplier<String> list,
      Supplier<String> blacklist) {
    String path = Vfs.normalize(request.path());
    String name =
        path.equals(KprobeManager.DEBUGFS)
            ? ""
            : path.substring(KprobeManager.DEBUGFS.length() + 1);
    boolean write = request instanceof FileRequest.Write;
    if (!request.cred().isRoot()) {
      return failed(Errno.EACCES, true);
    }
    if (name.isEmpty()) {
      if (request instanceof FileRequest.List) {
        return new Answer(new FileReply.Listing(names(era)), null);
      }
      return failed(Errno.EISDIR, write);
    }
    if (!names(era).contains(name)) {
      return failed(Errno.ENOENT, true);
    }
    if (request instanceof FileRequest.List) {
      return new Answer(new FileReply.Content(path), null);
    }
    if (name.equals("enabled")) {
      if (!write) {
        return new Answer(new FileReply.Content(KprobeDebugfs.enabled(allDisarmed)), null);
      }
      Boolean enable = KprobeDebugfs.parseEnabled(((FileRequest.Write) request).data());
      if (enable == null) {
        return failed(Errno.EINVAL, false);
      }
      return new Answer(
          new FileReply.Written(((FileRequest.Write) request).data().length()), enable);
    }
    if (write) {
      return failed(Errno.EINVAL, false); // root opens a 0400 file, but it has no write method
    }
    return new Answer(
        new FileReply.Content(name.equals("list") ? list.get() : blacklist.get()), null);
  }

  private static Answer failed(Errno errno, boolean atOpen) {
    return new Answer(new FileReply.Failed(errno, atOpen), null);
  }

  static final String OPTIMIZATION = "/proc/sys/debug/kprobes-optimization";

  /**
   * /proc/sys/debug/kprobes-optimization (0644, proc_dointvec_minmax 0..1): reads 1 or 0; root
   * writes 0 or 1, anything else is -EINVAL.
   */
  static Answer optimization(FileRequest request, boolean allowed) {
    if (request instanceof FileRequest.List) {
      return new Answer(new FileReply.Content(OPTIMIZATION), null);
    }
    if (!(request instanceof FileRequest.Write)) {
      return new Answer(new FileReply.Content(allowed ? "1\n" : "0\n"), null);
    }
    if (!request.cred().isRoot()) {
      return failed(Errno.EACCES, true);
    }
    String data = ((FileRequest.Write) request).data();
    return switch (data.strip()) {
      case "0" -> new Answer(new FileReply.Written(data.length()), Boolean.FALSE);
      case "1" -> new Answer(new FileReply.Written(data.length()), Boolean.TRUE);
      default -> failed(Errno.EINVAL, false);
    };
  }
}

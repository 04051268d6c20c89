package org.kmodsim.userspace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Each;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.KernelTrace;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;

/** The file system calls of a user process, on the VFS: read(2), write(2) and readdir(3). */
public final class FileCalls {
  private FileCalls() {}

  /** open + read(2) of the whole file, traced as read(path) = bytes and its first line. */
  public static StepResult read(CpuContext cpu, String path, Then<FileReply> then) {
    return vfs(
        cpu,
        r -> new FileRequest.Read(path, cpu.cred(), r),
        (c, reply) -> {
          String text = content(reply);
          c.trace(
              KernelTrace.READ.with(
                  c.cpuId(),
                  c.task(),
                  path,
                  result(reply, text.length()),
                  KernelTrace.firstLine(text)));
          return then.apply(c, reply);
        });
  }

  /** open(O_WRONLY) + write(2) of {@code data}, traced as write(path, data) = bytes. */
  public static StepResult write(CpuContext cpu, String path, String data, Then<FileReply> then) {
    return vfs(
        cpu,
        r -> new FileRequest.Write(path, data, cpu.cred(), r),
        (c, reply) -> {
          long bytes = reply instanceof FileReply.Written w ? w.bytes() : data.length();
          c.trace(
              KernelTrace.WRITE.with(
                  c.cpuId(), c.task(), path, KernelTrace.firstLine(data), result(reply, bytes)));
          return then.apply(c, reply);
        });
  }

  /**
   * {@link #read} of each of {@code paths} in turn, then {@code then} with what they returned, in
   * order (nothing for a read that failed).
   */
  public static StepResult readAll(CpuContext cpu, List<String> paths, Then<List<String>> then) {
    List<String> texts = new ArrayList<>();
    return Each.of(
        cpu,
        paths,
        (c, path, next) ->
            read(
                c,
                path,
                (again, reply) -> {
                  texts.add(content(reply));
                  return next.apply(again);
                }),
        c -> then.apply(c, List.copyOf(texts)));
  }

  /** readdir(3) of a directory. */
  public static StepResult list(CpuContext cpu, String path, Then<FileReply> then) {
    return vfs(cpu, r -> new FileRequest.List(path, cpu.cred(), r), then);
  }

  private static StepResult vfs(
      CpuContext cpu, Function<ActorRef<FileReply>, FileRequest> request, Then<FileReply> then) {
    return cpu.request(
        Vfs.KEY, replyTo -> new Vfs.Request(request.apply(replyTo)), FileReply.class, then);
  }

  private static String result(FileReply reply, long bytes) {
    return reply instanceof FileReply.Failed failed
        ? "-" + failed.errno().name()
        : Long.toString(bytes);
  }

  /** What a read returned, or nothing when it failed. */
  public static String content(FileReply reply) {
    return reply instanceof FileReply.Content content ? content.text() : "";
  }
}

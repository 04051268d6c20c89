package org.kmodsim.userspace;

import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;

/** The file system calls of a user process, on the VFS: read(2), write(2) and readdir(3). */
public final class FileCalls {
  private FileCalls() {}

  /** open + read(2) of the whole file. */
  public static StepResult read(CpuContext cpu, String path, Then<FileReply> then) {
    return vfs(cpu, r -> new FileRequest.Read(path, cpu.cred(), r), then);
  }

  /** open(O_WRONLY) + write(2) of {@code data}. */
  public static StepResult write(CpuContext cpu, String path, String data, Then<FileReply> then) {
    return vfs(cpu, r -> new FileRequest.Write(path, data, cpu.cred(), r), then);
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

  /** What a read returned, or nothing when it failed. */
  public static String content(FileReply reply) {
    return reply instanceof FileReply.Content content ? content.text() : "";
  }
}

package org.kmodsim.kernel.fs;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Cred;

/**
 * A request on a file of the simulated procfs, sysfs or debugfs. The Vfs forwards it, unchanged, to
 * the actor that mounted the path; that owner replies to {@code replyTo} directly.
 */
public sealed interface FileRequest {
  String path();

  Cred cred();

  ActorRef<FileReply> replyTo();

  /** read(2) of the whole file. */
  record Read(String path, Cred cred, ActorRef<FileReply> replyTo) implements FileRequest {}

  /** open(O_WRONLY) + write(2) of {@code data} (as echo writes it, with its newline). */
  record Write(String path, String data, Cred cred, ActorRef<FileReply> replyTo)
      implements FileRequest {}

  /** readdir(3) of a directory. */
  record List(String path, Cred cred, ActorRef<FileReply> replyTo) implements FileRequest {}
}

package org.kmodsim.kernel.fs;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.kernel.Errno;
import org.kmodsim.sim.Sim;

/**
 * The virtual file system (fs/namei.c, fs/proc, fs/sysfs reduced to a mount table): subsystems
 * mount the files and directories they own, and every request for a path is forwarded to the owner
 * of the longest mounted prefix. Directories that only exist because something is mounted below
 * them ({@code /sys/module}) are listed from the table itself.
 *
 * <p>Owns: 1. the mount table, path to owner, ordered by path; 2. the fixed files it answers itself
 * (/proc/version's banner), read-only.
 */
public final class Vfs extends AbstractBehavior<Vfs.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("vfs", Command.class);

  public sealed interface Command {}

  /** Makes {@code owner} answer every request for {@code path} and the paths below it. */
  public record Mount(String path, ActorRef<FileRequest> owner) implements Command {}

  public record Unmount(String path) implements Command {}

  /** A file request from a process. */
  public record Request(FileRequest request) implements Command {}

  public static Behavior<Command> create(Sim sim) {
    return create(sim, Map.of());
  }

  /** With fixed read-only files, path to text, that no subsystem owns ({@code /proc/version}). */
  public static Behavior<Command> create(Sim sim, Map<String, String> fixedFiles) {
    return Behaviors.setup(ctx -> new Vfs(ctx, sim, fixedFiles));
  }

  private final Sim sim;
  private final TreeMap<String, ActorRef<FileRequest>> mounts = new TreeMap<>();
  private final TreeMap<String, String> fixed;

  private Vfs(ActorContext<Command> ctx, Sim sim, Map<String, String> fixedFiles) {
    super(ctx);
    this.sim = sim;
    this.fixed = new TreeMap<>(fixedFiles);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Mount.class, this::onMount)
        .onMessage(Unmount.class, this::onUnmount)
        .onMessage(Request.class, this::onRequest)
        .build();
  }

  private Behavior<Command> onMount(Mount mount) {
    mounts.put(normalize(mount.path()), mount.owner());
    return this;
  }

  private Behavior<Command> onUnmount(Unmount unmount) {
    mounts.remove(normalize(unmount.path()));
    return this;
  }

  private Behavior<Command> onRequest(Request wrapped) {
    FileRequest request = wrapped.request();
    String path = normalize(request.path());
    ActorRef<FileRequest> owner = ownerOf(path);
    if (owner != null) {
      sim.send(getContext().getSelf(), owner, request);
      return this;
    }
    TreeSet<String> children = childrenOf(path);
    FileReply reply;
    String text = fixed.get(path);
    if (text != null) {
      // mode 0444: a write fails at open, as the model's other read-only files
      reply =
          request instanceof FileRequest.Write
              ? new FileReply.Failed(Errno.EACCES, true)
              : new FileReply.Content(text);
    } else if (children.isEmpty()) {
      reply = new FileReply.Failed(Errno.ENOENT, true);
    } else if (request instanceof FileRequest.List) {
      reply = new FileReply.Listing(java.util.List.copyOf(children));
    } else {
      reply = new FileReply.Failed(Errno.EISDIR, request instanceof FileRequest.Write);
    }
    sim.send(getContext().getSelf(), request.replyTo(), reply);
    return this;
  }

  private ActorRef<FileRequest> ownerOf(String path) {
    String candidate = path;
    while (true) {
      ActorRef<FileRequest> owner = mounts.get(candidate);
      if (owner != null) {
        return owner;
      }
      int slash = candidate.lastIndexOf('/');
      if (slash <= 0) {
        return null;
      }
      candidate = candidate.substring(0, slash);
    }
  }

  private TreeSet<String> childrenOf(String dir) {
    String prefix = dir.equals("/") ? "/" : dir + "/";
    TreeSet<String> names = new TreeSet<>();
    TreeSet<String> paths = new TreeSet<>(mounts.tailMap(prefix).keySet());
    paths.addAll(fixed.tailMap(prefix).keySet());
    for (String path : paths) {
      if (!path.startsWith(prefix)) {
        break;
      }
      String rest = path.substring(prefix.length());
      int slash = rest.indexOf('/');
      names.add(slash < 0 ? rest : rest.substring(0, slash));
    }
    return names;
  }

  /** Collapses repeated and trailing slashes: "/sys//module/" is "/sys/module". */
  public static String normalize(String path) {
    // A loop, not a regular expression: every file request of every run passes here.
    StringBuilder normal = new StringBuilder(path.length() + 1).append('/');
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '/' || normal.charAt(normal.length() - 1) != '/') {
        normal.append(c);
      }
    }
    if (normal.length() > 1 && normal.charAt(normal.length() - 1) == '/') {
      normal.setLength(normal.length() - 1);
    }
    return path.contentEquals(normal) ? path : normal.toString();
  }
}

package org.kmodsim.kernel;

import java.util.List;
import org.kmodsim.sim.EventType;
import org.kmodsim.sim.ModelEvent;

/**
 * The kernel's trace vocabulary shared by its subsystems: a system call's return, as strace shows
 * it ({@code delete_module("hello", O_NONBLOCK) = -EWOULDBLOCK}), with the CPU, the task, the
 * arguments, the C return value and when the call entered the kernel. The subsystems' own events
 * are in their packages ({@code ModuleTrace}, {@code PrintkTrace}, {@code KprobeTrace}).
 */
public final class KernelTrace {
  /** A system call returned; {@code result} is {@code 0} or {@code -ERRNO}. */
  public static final EventType SYSCALL =
      EventType.of(
          "syscall",
          "{call}({args}) = {result}",
          "cpu",
          "task",
          "call",
          "args",
          "ret",
          "result",
          "start_ns");

  /**
   * open + read of a whole file returned {@code result} (the bytes read, or -errno); {@code data}
   * is its first line, which is what the tools that read /proc and /sys look at.
   */
  public static final EventType READ =
      EventType.of(
          "file_read",
          "read(\"{path}\") = {result}  {data}",
          "cpu",
          "task",
          "path",
          "result",
          "data");

  /** open(O_WRONLY) + write of {@code data}. */
  public static final EventType WRITE =
      EventType.of(
          "file_write",
          "write(\"{path}\", \"{data}\") = {result}",
          "cpu",
          "task",
          "path",
          "data",
          "result");

  private KernelTrace() {}

  /** The first line of a file's text, cut at 60 characters. */
  public static String firstLine(String text) {
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    return line.length() > 60 ? line.substring(0, 59) + "…" : line;
  }

  /** The event of a system call that returned {@code ret} (0 or -errno). */
  public static ModelEvent syscall(
      int cpu, String task, String call, List<String> args, long ret, long startNanos) {
    // kernel/module/main.c returns -EWOULDBLOCK for a module in use (EAGAIN's other name).
    String result =
        call.equals("delete_module") && ret == Errno.EWOULDBLOCK.negative()
            ? "-EWOULDBLOCK"
            : result(ret);
    return SYSCALL.with(cpu, task, call, args, ret, result, startNanos);
  }

  /** A C return value in words: {@code 0}, {@code -EBUSY}, {@code 3}. */
  public static String result(long ret) {
    if (ret < 0 && ret >= -4095) {
      for (Errno e : Errno.values()) {
        if (e.negative() == ret) {
          return "-" + e.name();
        }
      }
    }
    return Long.toString(ret);
  }

  /** A C string argument, quoted: {@code "hello"}. */
  public static String quoted(String text) {
    return text == null ? "NULL" : "\"" + text + "\"";
  }
}

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

  private KernelTrace() {}

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

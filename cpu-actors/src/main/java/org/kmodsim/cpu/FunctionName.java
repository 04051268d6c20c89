package org.kmodsim.cpu;

/**
 * The C function a frame of module code runs, as its {@code __func__} names it: the per-call object
 * ({@link CpuContext#call(String, java.util.List, int, Object)}) that a module's init, exit or
 * called function carries, so that a step inside it (printk_ratelimited's "%s: %d callbacks
 * suppressed", say) can name its caller. Loop and {@code if} bodies carry none: the innermost
 * function frame is the one they run in.
 */
public interface FunctionName {
  /**
   * The module, one load of it ("module:hello#3"), the function belongs to: a call site's static
   * data (printk_once's flag, printk_ratelimited's state) is per load of its module, as the
   * kernel's lives in the module's own memory, fresh at every load.
   */
  String module();

  /** {@code __func__}: hello_init, hello_exit, greet. */
  String function();

  static FunctionName of(String module, String function) {
    return new Plain(module, function);
  }

  /** The function running on {@code cpu}, or null outside module code (a program's own steps). */
  static FunctionName running(CpuContext cpu) {
    return cpu.local(FunctionName.class);
  }

  /** A function frame with nothing else in it. */
  record Plain(String module, String function) implements FunctionName {}
}

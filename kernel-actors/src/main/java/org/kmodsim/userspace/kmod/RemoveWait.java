package org.kmodsim.userspace.kmod;

import java.util.function.BiFunction;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.ModuleSyscalls;

/**
 * {@code modprobe -r -w MSEC} as kmod 30 removes one module (tools/modprobe.c
 * rmmod_do_remove_module with wait_msec, shared/util.c get_backoff_delta_msec and
 * sleep_until_msec): delete_module(O_NONBLOCK) again while it answers EAGAIN (the module in use),
 * sleeping on CLOCK_MONOTONIC (the machine's clock, in whole milliseconds) 2, 4, 8... ms, each
 * sleep cut to end by {@code t0 + MSEC}. kmod 30's loop ends when the backoff reaches 0, with the
 * sleep's 0 as its result: a module still in use at the deadline is left loaded and modprobe goes
 * on as if it had been removed, printing nothing (kmod fixed it after 34, commit 2537c17). Its
 * backoff never returns when the clock is already past the deadline (fixed after 34 too, f14f260):
 * the model refuses that case rather than spin forever. With a wait, libkmod does not log the
 * failure (KMOD_REMOVE_NOLOG); modprobe's ERR prints the same line.
 */
final class RemoveWait {
  private RemoveWait() {}

  /**
   * How the loop ended: the errno it returns (null: 0); {@code sleepFailed}: kmod's "Failed to
   * sleep" (the clock read 0 ms, which kmod takes for an unset start); {@code endless}: the backoff
   * would never return.
   */
  record Ended(Errno errno, boolean sleepFailed, boolean endless) {}

  private static final long NANOS_PER_MSEC = 1_000_000L;

  /** The loop's variables (t0_msec, tend_msec, interval_msec). */
  private static final class Loop {
    long t0;
    long tend;
    long interval;
  }

  static StepResult remove(
      CpuContext cpu,
      String name,
      boolean force,
      long waitMsec,
      BiFunction<CpuContext, Ended, StepResult> done) {
    return attempt(cpu, name, force, waitMsec, new Loop(), done);
  }

  private static StepResult attempt(
      CpuContext cpu,
      String name,
      boolean force,
      long waitMsec,
      Loop loop,
      BiFunction<CpuContext, Ended, StepResult> done) {
    return ModuleSyscalls.deleteModule(
        cpu,
        name,
        true,
        force,
        (c, reply) -> {
          Errno errno = ModprobePlan.errno(reply);
          if (errno != Errno.EAGAIN) {
            return done.apply(c, new Ended(errno, false, false));
          }
          if (loop.t0 == 0) {
            loop.t0 = nowMsec(c);
            loop.tend = loop.t0 + waitMsec;
            loop.interval = 1;
          }
          long now = nowMsec(c);
          if (Long.compareUnsigned(now, loop.tend) > 0) {
            return done.apply(c, new Ended(null, false, true));
          }
          long until = backoff(now, loop);
          long sleep = Math.max(0, until * NANOS_PER_MSEC - c.sim().nowNanos());
          return c.sleepFor(
              sleep,
              (again, wakeUp) -> {
                if (loop.t0 == 0) {
                  // now_msec() read 0: kmod takes its start as unset, -ENOTSUP, then -EAGAIN
                  return done.apply(again, new Ended(Errno.EAGAIN, true, false));
                }
                return loop.interval != 0
                    ? attempt(again, name, force, waitMsec, loop, done)
                    : done.apply(again, new Ended(null, false, false));
              });
        });
  }

  /** The refusal when kmod 30's backoff would never return (its text, without exit 2's). */
  static final String ENDLESS =
      "modprobe: a wait past its deadline (kmod 30's get_backoff_delta_msec loops forever)";

  /**
   * get_backoff_delta_msec (kmod 30) at {@code now}, which is not past the deadline: the interval
   * doubled, halved until {@code now + interval} is within it, the rest of the wait when it reaches
   * 0; the time to sleep until.
   */
  static long backoff(long now, Loop loop) {
    long delta = loop.interval == 0 ? 1 : loop.interval << 1;
    while (Long.compareUnsigned(now + delta, loop.tend) > 0) {
      delta >>>= 1;
    }
    if (delta == 0 && Long.compareUnsigned(loop.tend, now) > 0) {
      delta = loop.tend - now;
    }
    loop.interval = delta;
    return now + delta;
  }

  /** now_msec(): CLOCK_MONOTONIC in whole milliseconds. */
  private static long nowMsec(CpuContext cpu) {
    return cpu.sim().nowNanos() / NANOS_PER_MSEC;
  }
}

package org.kmodsim.userspace.libc;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Request;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.kernel.printk.Syslog;

/**
 * {@code syslog ACTION [LEN]}: klogctl(3), glibc's wrapper of syslog(2). Read actions print the
 * bytes returned; an error prints {@code syslog: <strerror>} and exits 1. The C return value is the
 * call's.
 */
public final class Klogctl {
  private Klogctl() {}

  public static void register(Commands commands) {
    commands.register("syslog ACTION(0-10) [LEN]", Klogctl::parse);
  }

  public static Step parse(List<String> args) {
    KlogctlArgs call = KlogctlArgs.parse(args);
    return new Request<>(
        "syslog",
        Printk.KEY,
        (cpu, r) -> new Printk.SyslogCall(call.type(), call.len(), cpu.cred(), false, r),
        Printk.SyslogReply.class,
        Klogctl::returned);
  }

  /** syslog(type, buf, len) returned. */
  private static StepResult returned(CpuContext cpu, Printk.SyslogReply reply) {
    Syslog.Result result = reply.result();
    cpu.setResult(result.value());
    if (result.errno() != null) {
      return cpu.fail(1, "syslog: " + result.errno().message() + "\n");
    }
    return cpu.printing(result.data());
  }
}

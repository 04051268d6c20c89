package org.kmodsim.userspace.libc;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
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

  public static Step parse(List<String> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException("needs an action and maybe a length");
    }
    try {
      return new SyslogStep(
          Integer.parseInt(args.get(0)), args.size() > 1 ? Integer.parseInt(args.get(1)) : 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("action and length are numbers");
    }
  }

  /** syslog(type, buf, len). */
  record SyslogStep(int type, int len) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      return cpu.request(
          Printk.KEY,
          replyTo -> new Printk.SyslogCall(type, len, cpu.cred(), false, replyTo),
          Printk.SyslogReply.class,
          (c, reply) -> {
            Syslog.Result result = reply.result();
            c.setResult(result.value());
            if (result.errno() != null) {
              c.err("syslog: " + result.errno().message() + "\n");
              c.exit(1);
            } else {
              c.out(result.data());
            }
            return StepResult.NEXT;
          });
    }

    @Override
    public String name() {
      return "syslog";
    }
  }
}

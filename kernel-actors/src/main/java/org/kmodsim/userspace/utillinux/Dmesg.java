package org.kmodsim.userspace.utillinux;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Each;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.kernel.printk.PrintkEra;
import org.kmodsim.kernel.printk.Syslog;
import org.kmodsim.userspace.Program;

/**
 * util-linux dmesg (sys-utils/dmesg.c): the {@link DmesgOptions}' syslog actions run one after the
 * other ({@link Each}), each continuing with the next when its reply arrives; the record read is
 * from /dev/kmsg (3.5+) or syslog action 3 (older kernels, or -S).
 */
public final class Dmesg {
  private Dmesg() {}

  public static void register(Commands commands, Era era) {
    commands.register(
        "dmesg [-c|-C|-D|-E|-n LEVEL] [-r] [-T|-t] [-x] [-S] [-s SIZE] [-l LIST] [-f LIST|-k|-u]"
            + " [-PphV] (util-linux 2.38.1)",
        args -> parse(args, era));
  }

  /** The command line after {@code dmesg}: the step that runs it, or how dmesg ends reading it. */
  public static Step parse(List<String> args, Era era) {
    DmesgCommandLine.Parsed parsed = DmesgCommandLine.parse(args);
    if (parsed.exit() != null) {
      return parsed.exit().step("dmesg");
    }
    DmesgOptions options = parsed.options();
    return new Program(
        "dmesg",
        cpu ->
            Each.of(
                cpu,
                options.actions(),
                (c, action, next) -> action(c, options, era, action, next)));
  }

  /** Runs one syslog action; its reply runs the next one. */
  private static StepResult action(
      CpuContext cpu, DmesgOptions options, Era era, int action, Each.Next next) {
    if (action == DmesgOptions.READ && PrintkEra.of(era).devKmsg() && !options.forceSyslog()) {
      return cpu.request(
          Printk.KEY,
          replyTo -> new Printk.ReadRecords(true, cpu.cred(), replyTo),
          Printk.RecordsReply.class,
          (c, read) -> {
            if (read.errno() != null) {
              return c.fail(1, DmesgOptions.failed(action, read.errno()));
            }
            read.records().stream()
                .filter(record -> options.shows(record.level(), record.facility()))
                .forEach(record -> c.out(options.line(record)));
            return next.apply(c);
          });
    }
    if (action == DmesgOptions.READ && options.rawFilteredSyslog()) {
      return cpu.fail(
          1,
          "dmesg: --raw can be used together with --level or --facility only when reading"
              + " messages from /dev/kmsg\n");
    }
    DmesgOptions.SyslogCall call = options.syslogCall(action);
    return cpu.request(
        Printk.KEY,
        replyTo -> new Printk.SyslogCall(call.type(), call.len(), cpu.cred(), false, replyTo),
        Printk.SyslogReply.class,
        (c, reply) -> {
          Syslog.Result result = reply.result();
          if (result.errno() != null) {
            return c.fail(1, DmesgOptions.failed(action, result.errno()));
          } else if (action == DmesgOptions.READ) {
            options.syslogLines(result.data()).forEach(c::out);
          }
          return next.apply(c);
        });
  }
}

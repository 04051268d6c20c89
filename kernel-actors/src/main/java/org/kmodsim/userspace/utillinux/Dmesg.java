package org.kmodsim.userspace.utillinux;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Each;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.userspace.Program;

/**
 * dmesg (sys-utils/dmesg.c) of the era's util-linux: 2.38.1 from 4.x ({@link DmesgCommandLine}),
 * util-linux-ng 2.17.2 in 2.6 and util-linux 2.11y in 2.4 ({@link DmesgLegacy}). The options'
 * actions run one after the other ({@link Each}), each continuing with the next when its reply
 * arrives; what a reply prints is {@link DmesgRead}'s. The records are read from /dev/kmsg (3.5+)
 * or with syslog action 3 (older kernels, -S, the old dmesg).
 */
public final class Dmesg {
  private Dmesg() {}

  public static void register(Commands commands, Era era) {
    commands.register(
        "dmesg [-c|-C|-D|-E|-n LEVEL] [-r] [-T|-t] [-x] [-S] [-s SIZE] [-l LIST] [-f LIST|-k|-u]"
            + " [-PphV] (util-linux 2.38.1; 2.6: 2.17.2's [-c] [-n level] [-r] [-s bufsize]; 2.4:"
            + " 2.11y's, without -r)",
        args -> parse(args, era));
  }

  /** The command line after {@code dmesg}: the step that runs it, or how dmesg ends reading it. */
  public static Step parse(List<String> args, Era era) {
    DmesgCommandLine.Parsed parsed =
        era.atLeast(Era.V4_X)
            ? DmesgCommandLine.parse(args)
            : DmesgLegacy.parse(args, era == Era.V2_6);
    if (parsed.exit() != null) {
      return parsed.exit().step("dmesg");
    }
    DmesgOptions options = parsed.options();
    return new Program(
        "dmesg",
        cpu -> {
          DmesgRead read = new DmesgRead(options, era);
          return Each.of(
              cpu, options.actions(), (c, action, next) -> action(c, read, action, next));
        });
  }

  /** Runs one action; its reply runs the next one. */
  private static StepResult action(CpuContext cpu, DmesgRead read, int action, Each.Next next) {
    if (read.fromDevKmsg(action)) {
      return cpu.request(
          Printk.KEY,
          replyTo -> new Printk.ReadRecords(true, cpu.cred(), replyTo),
          Printk.RecordsReply.class,
          (c, reply) -> printed(c, read.records(reply.records(), reply.errno()), next));
    }
    DmesgRead.Outcome refused = read.refused(action);
    if (refused != null) {
      return printed(cpu, refused, next);
    }
    DmesgOptions.SyslogCall call = read.call(action);
    return cpu.request(
        Printk.KEY,
        replyTo -> new Printk.SyslogCall(call.type(), call.len(), cpu.cred(), false, replyTo),
        Printk.SyslogReply.class,
        (c, reply) -> printed(c, read.replied(action, reply.result()), next));
  }

  private static StepResult printed(CpuContext cpu, DmesgRead.Outcome outcome, Each.Next next) {
    cpu.out(outcome.out());
    return outcome.err() != null ? cpu.fail(1, outcome.err()) : next.apply(cpu);
  }
}

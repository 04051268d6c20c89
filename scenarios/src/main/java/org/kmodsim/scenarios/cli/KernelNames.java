package org.kmodsim.scenarios.cli;

import java.util.Locale;
import java.util.Map;
import org.kmodsim.scenarios.report.Report;
import org.kmodsim.sim.TraceEvent;

/**
 * A CPU's request to the kernel and its answer, named as the kernel names the operation: {@code
 * finit_module(hello)}, {@code try_module_get(hello) = true}, {@code hello: greet()}, {@code
 * printk("Hello, world")}; a kind without a kernel name becomes its words in snake case ({@code
 * FindSymbol} is {@code find_symbol}). Details are the fields a student asks about, never a
 * message's whole text.
 */
final class KernelNames {
  private KernelNames() {}

  static Report.Slice slice(
      String cpu,
      String kind,
      String request,
      String target,
      TraceEvent reply,
      long start,
      long startOrder,
      long endOrder) {
    String module = RunReport.laneName(target).replaceFirst("^module ", "");
    String answer = reply.kind();
    String name;
    String category;
    Map<String, String> details;
    switch (kind) {
      case "LoadModule" -> {
        String call = field(request, "syscall", "init_module");
        name = call + "(" + field(request, "name", "?") + ")";
        category = "syscall";
        details = RunReport.ordered("system call", call, "answer", words(answer));
      }
      case "DeleteModule" -> {
        boolean force = field(request, "force", "false").equals("true");
        boolean nonblock = field(request, "nonblock", "false").equals("true");
        String flags =
            nonblock && force
                ? "O_NONBLOCK | O_TRUNC"
                : nonblock ? "O_NONBLOCK" : force ? "O_TRUNC" : "0";
        name = "delete_module(\"" + field(request, "name", "?") + "\", " + flags + ")";
        category = "syscall";
        details =
            RunReport.ordered("answer", words(answer), "errno", field(reply.detail(), "errno", ""));
      }
      case "TryModuleGet" -> {
        String ok = field(reply.detail(), "ok", "?");
        name = "try_module_get(" + module + ") = " + ok;
        category = "kernel";
        details = RunReport.ordered("refcnt after", field(reply.detail(), "refcount", ""));
      }
      case "ModulePut" -> {
        name = "module_put(" + module + ")";
        category = "kernel";
        details = RunReport.ordered("refcnt after", field(reply.detail(), "refcount", ""));
      }
      case "Enter" -> {
        String function = field(request, "function", "?");
        name = module + ": " + function + "()";
        category = function.contains("handler") ? "probe" : "module";
        details =
            RunReport.ordered(
                "module",
                module,
                "function",
                function,
                "answer",
                answer.equals("Oops") ? "oops: " + field(reply.detail(), "access", "") : "entered");
      }
      case "ReadParam", "WriteParam" -> {
        name = module + "." + field(request, "param", "?");
        category = "module";
        details =
            RunReport.ordered(
                "parameter", name, "value", field(reply.detail(), "text", ""), "access", kind);
      }
      case "Emit" -> {
        // The text may hold commas: it runs to the next field the message has.
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("[\\[, ]text=(.*?), (emergency|gate)=")
                .matcher(request);
        String text = m.find() ? m.group(1) : field(request, "text", "");
        name = "printk(\"" + text + "\")";
        category = "printk";
        long latency = Long.parseLong(field(reply.detail(), "latencyNanos", "0"));
        // The level printk was called with: -1 is no level, LOGLEVEL_DEFAULT (kern_levels.h).
        String level = field(request, "level", "?");
        details =
            RunReport.ordered(
                "level",
                level.equals("-1") ? "LOGLEVEL_DEFAULT" : "<" + level + ">",
                "caller waited",
                org.kmodsim.scenarios.report.Units.time(latency));
      }
      case "Read", "Write" -> {
        String cell = field(request, "cell", "?");
        name =
            kind.equals("Read")
                ? "READ_ONCE(" + cell + ") = " + field(reply.detail(), "value", "?")
                : "WRITE_ONCE(" + cell + ", " + field(request, "value", "?") + ")";
        category = "kernel";
        details =
            RunReport.ordered("shared memory", cell, "value", field(reply.detail(), "value", ""));
      }
      case "Trap" -> {
        name = "int3 at " + field(request, "from", "?");
        category = "probe";
        details = RunReport.ordered("answer", words(answer));
      }
      default -> {
        String op = field(request, "request", "");
        name =
            kind.equals("Request") && !op.isEmpty()
                ? snake(op.replaceAll("[\\[(].*", ""))
                : snake(kind);
        String path = field(request, "path", "");
        if (!path.isEmpty()) {
          name = name + "(" + path + ")";
        }
        category =
            target.equals("vfs")
                ? "syscall"
                : target.contains("kprobe")
                    ? "probe"
                    : target.contains("printk") ? "printk" : "kernel";
        details =
            RunReport.ordered(
                "asked",
                RunReport.laneName(target),
                "answer",
                words(answer),
                "read",
                answer.equals("Content") ? field(reply.detail(), "text", "") : "");
      }
    }
    return new Report.Slice(
        cpu, name, category, start, reply.timeNanos(), startOrder, endOrder, details);
  }

  private static String field(String detail, String field, String otherwise) {
    String value = RunReport.field(detail, field);
    return value.isEmpty() ? otherwise : value;
  }

  /** {@code FindSymbol} is {@code find_symbol}. */
  static String snake(String kind) {
    return kind.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** A reply's kind in words: {@code NotLoaded} is {@code not loaded}. */
  static String words(String kind) {
    return snake(kind).replace('_', ' ');
  }
}

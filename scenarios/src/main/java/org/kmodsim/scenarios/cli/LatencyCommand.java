package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.Repeat;
import org.kmodsim.cpu.Step;
import org.kmodsim.drivers.PrintkSubsystem;
import org.kmodsim.drivers.tty.ConsoleSink;
import org.kmodsim.kernel.printk.DeliveryMode;
import org.kmodsim.kernel.printk.Loglevel;
import org.kmodsim.kernel.printk.PrintkCall;
import org.kmodsim.scenarios.config.KmodsimConfig;
import org.kmodsim.scenarios.config.RunSettings;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.SimMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmodsim latency ...}: latency studies. */
@Command(
    name = "latency",
    description = "Latency studies.",
    subcommands = LatencyCommand.PrintkLatency.class)
public final class LatencyCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * {@code kmodsim latency printk}: every CPU loops "compute for --think, then printk a --msg-len
   * character record at --level" --records times, on a machine with one serial console; each
   * combination of baud rate, CPU count, console log level and delivery mode runs in deterministic
   * mode from the same seed. Reported per combination: printk() caller latency percentiles
   * (HdrHistogram), CPU time lost to console output (printing and spinning), records dropped from
   * the buffer before the console printed them, and the workload's throughput.
   */
  @Command(name = "printk", description = "printk() caller latency with a serial console.")
  public static final class PrintkLatency implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Option(names = "--era", paramLabel = "ERA", description = "Kernel era (default: config).")
    String era;

    @Option(
        names = "--baud",
        split = ",",
        paramLabel = "BAUD",
        description = "Serial console baud rates (default 9600,38400,115200).")
    List<Integer> bauds = List.of(9600, 38400, 115200);

    @Option(
        names = "--cpus",
        split = ",",
        paramLabel = "N",
        description = "CPU counts (default 1,2,4).")
    List<Integer> cpus = List.of(1, 2, 4);

    @Option(
        names = "--loglevel",
        split = ",",
        paramLabel = "N",
        description = "console_loglevel values (default 4,8).")
    List<Integer> loglevels = List.of(4, 8);

    @Option(
        names = "--level",
        paramLabel = "N",
        description = "Level of the workload's records (default 6, KERN_INFO).")
    int level = 6;

    @Option(
        names = "--delivery",
        split = ",",
        paramLabel = "MODE",
        description = "Delivery modes (default direct,lock-owner,handover,threaded).")
    List<String> deliveries = List.of("direct", "lock-owner", "handover", "threaded");

    @Option(names = "--msg-len", paramLabel = "CHARS", description = "Record text length (80).")
    int msgLen = 80;

    @Option(names = "--records", paramLabel = "N", description = "printk calls per CPU (200).")
    int records = 200;

    @Option(
        names = "--think",
        paramLabel = "DURATION",
        description = "Computation between two printk calls of a CPU (default 10ms).")
    String think = "10ms";

    @Option(names = "--no-time", description = "Boot without printk timestamps.")
    boolean noTime;

    @Option(
        names = "--all",
        description = "Also print the rows whose figures are all zero (left out by default).")
    boolean all;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the table as CSV.")
    Path csv;

    @Option(
        names = "--plot",
        paramLabel = "FILE",
        description =
            "Also draw p99, p99.9 and max latency against baud rate (FILE) and against CPU "
                + "count (FILE-cpus), .png or .svg.")
    Path plot;

    /** The limit that cut the study short, and where; null while every run finishes. */
    private String truncation;

    private String truncated;

    @Override
    public Integer call() {
      validate();
      List<String> overrides = global.overrides();
      if (era != null) {
        overrides.add("kmodsim.era=\"" + era + "\"");
      }
      Config base = KmodsimConfig.load(global.configFile(), overrides);
      RunSettings settings = RunSettings.fromConfig(base);
      long thinkNanos = CommandLine.parseDuration(think);
      List<DeliveryMode> modes = new ArrayList<>();
      for (String delivery : deliveries) {
        modes.add(DeliveryMode.parse(delivery, settings.era()));
      }
      List<Map<String, Object>> results = new ArrayList<>();
      if (!global.json()) {
        System.out.println(
            "seed "
                + settings.seed()
                + ", era "
                + settings.era()
                + ", "
                + records
                + " records of "
                + msgLen
                + " chars per CPU at level "
                + level
                + ", think "
                + think);
        System.out.println(LatencyTable.header());
      }
      long total = (long) bauds.size() * cpus.size() * loglevels.size() * modes.size();
      java.util.concurrent.atomic.AtomicReference<ProgressLine> progressLine =
          new java.util.concurrent.atomic.AtomicReference<>(
              new ProgressLine("latency printk", 0, total, "runs", 0, Map.of()));
      try (Progress progress = Progress.start(global.json(), progressLine::get)) {
        study:
        for (int baud : bauds) {
          for (int n : cpus) {
            for (int loglevel : loglevels) {
              for (DeliveryMode delivery : modes) {
                Map<String, Object> row =
                    runOne(base, settings, baud, n, loglevel, delivery, thinkNanos);
                if (row == null) {
                  break study;
                }
                results.add(row);
                if (progress.shown()) {
                  progressLine.set(
                      new ProgressLine(
                          "latency printk", results.size(), total, "runs", 0, Map.of()));
                }
                if (!global.json() && (all || !LatencyTable.allZero(row))) {
                  progress.erase();
                  System.out.println(LatencyTable.text(row));
                }
              }
            }
          }
        }
      }
      String omitted = all ? null : LatencyTable.omitted(results, level);
      if (omitted != null && !global.json()) {
        System.out.println(omitted);
      }
      if (truncated != null && !global.json()) {
        System.out.println(
            "truncated: "
                + truncated
                + ": "
                + results.size()
                + " of "
                + total
                + " runs finished (the rows above); the others are not shown");
      }
      if (csv != null) {
        writeCsv(results);
      }
      if (plot != null && results.isEmpty()) {
        if (!global.json()) {
          System.out.println("plots: none (no run finished)");
        }
      } else if (plot != null) {
        List<Path> written = LatencyPlots.write(results, level, plot);
        if (!global.json()) {
          System.out.println("plots: " + written.get(0) + ", " + written.get(1));
        }
      }
      if (global.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "latency printk");
        json.put("seed", settings.seed());
        json.put("truncated", truncation);
        json.put("era", settings.era().label());
        json.put("records", records);
        json.put("msgLen", msgLen);
        json.put("level", level);
        json.put("thinkNs", thinkNanos);
        json.put("printkTime", !noTime);
        json.put("machine", Output.machine());
        json.put("results", results);
        System.out.println(Output.json(json));
      }
      return truncated != null ? ExitCode.TRUNCATED : ExitCode.OK;
    }

    private void validate() {
      if (level < 0 || level > 7) {
        throw new IllegalArgumentException("--level must be 0..7, not " + level);
      }
      if (msgLen < 0 || msgLen > 992) {
        throw new IllegalArgumentException("--msg-len must be 0..992 (LOG_LINE_MAX)");
      }
      if (records < 1) {
        throw new IllegalArgumentException("--records must be at least 1");
      }
      for (int n : cpus) {
        if (n < 1 || n > 256) {
          throw new IllegalArgumentException("--cpus values must be 1..256, not " + n);
        }
      }
    }

    private Map<String, Object> runOne(
        Config base,
        RunSettings settings,
        int baud,
        int n,
        int loglevel,
        DeliveryMode delivery,
        long thinkNanos) {
      Config config =
          com.typesafe.config.ConfigFactory.parseString(
                  "kmodsim.console = [\"ttyS0,"
                      + baud
                      + "n8\"]\n"
                      + "kmodsim.printk.loglevel = "
                      + loglevel
                      + "\n"
                      + "kmodsim.printk.delivery = "
                      + delivery.label()
                      + "\n"
                      + "kmodsim.printk.time = "
                      + !noTime
                      + "\n"
                      + "kmodsim.machine.nr-cpus = "
                      + n)
              .withFallback(base);
      List<PrintkCall> calls = new ArrayList<>();
      String line = "printk " + Loglevel.of(level).name() + " '" + "x".repeat(msgLen) + "'";
      List<ProgramSpec> programs = new ArrayList<>();
      for (int cpu = 0; cpu < n; cpu++) {
        programs.add(
            new ProgramSpec(
                cpu,
                "printk-load" + cpu,
                commands -> {
                  List<Step> body = new ArrayList<>();
                  if (thinkNanos > 0) {
                    body.add(commands.parse("spin " + thinkNanos + "ns"));
                  }
                  body.add(commands.parse(line));
                  return List.of(new Repeat(records, body));
                },
                1_000_000_000L,
                Cred.root()));
      }
      MachineSpec spec =
          new MachineSpec(
              config,
              settings.era(),
              n,
              List.of(new PrintkSubsystem(calls::add, ConsoleSink.NONE)),
              programs,
              List.of(),
              Cred.root(),
              0);
      // Always deterministic: the figures are virtual time and must replay from the seed. A study
      // at 9600 baud runs for simulated minutes: only the workload bounds it.
      RunSpec run =
          settings
              .runSpec()
              .withMode(SimMode.DETERMINISTIC)
              .withChoiceLog(false)
              .withLimits(Long.MAX_VALUE, Long.MAX_VALUE, settings.wallLimit());
      MachineRun.Outcome outcome = MachineRun.run(spec, run);
      if (outcome.result().failure() != null) {
        throw new IllegalStateException("run failed: " + outcome.result().failure());
      }
      if (outcome.result().end().truncated()) {
        // A run cut short has no latency figures: the study stops with the rows it has.
        truncation = outcome.result().end().truncation();
        truncated =
            truncation
                + " in the run at "
                + baud
                + " baud, "
                + n
                + " CPUs ("
                + outcome.result().haltReason()
                + ")";
        return null;
      }
      long end =
          outcome.report().finishedPrograms().stream()
              .mapToLong(p -> p.finishedAtNanos())
              .max()
              .orElse(1_000_000_000L);
      return row(baud, n, loglevel, delivery, calls, end - 1_000_000_000L);
    }

    private Map<String, Object> row(
        int baud,
        int n,
        int loglevel,
        DeliveryMode delivery,
        List<PrintkCall> calls,
        long elapsedNanos) {
      Histogram latency = new Histogram(3);
      long printing = 0;
      long spinning = 0;
      long dropped = 0;
      long max = 0;
      for (PrintkCall call : calls) {
        max = Math.max(max, call.latencyNanos());
        latency.recordValue(call.latencyNanos());
        printing += call.ownPrintNanos() + call.othersPrintNanos();
        spinning += call.spinNanos();
        dropped += call.droppedRecords();
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("baud", baud);
      row.put("cpus", n);
      row.put("loglevel", loglevel);
      row.put("delivery", delivery.label());
      row.put("calls", calls.size());
      // HdrHistogram keeps 3 significant digits; a percentile never exceeds the exact max.
      row.put("p50Ns", Math.min(max, latency.getValueAtPercentile(50)));
      row.put("p99Ns", Math.min(max, latency.getValueAtPercentile(99)));
      row.put("p999Ns", Math.min(max, latency.getValueAtPercentile(99.9)));
      row.put("maxNs", max); // exact; the percentiles are HdrHistogram's (3 digits)
      row.put("droppedRecords", dropped);
      row.put("consoleBusyNs", printing);
      row.put("spinNs", spinning);
      row.put("elapsedNs", elapsedNanos);
      row.put(
          "throughputPerSec",
          elapsedNanos == 0 ? 0 : Math.round(calls.size() * 1e9 / elapsedNanos * 10) / 10.0);
      return row;
    }

    private void writeCsv(List<Map<String, Object>> results) {
      StringBuilder out = new StringBuilder();
      out.append(String.join(",", results.get(0).keySet())).append('\n');
      for (Map<String, Object> row : results) {
        List<String> cells = new ArrayList<>();
        row.values().forEach(v -> cells.add(String.valueOf(v)));
        out.append(String.join(",", cells)).append('\n');
      }
      try {
        Files.writeString(csv, out.toString(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot write " + csv + ": " + e.getMessage(), e);
      }
    }
  }
}

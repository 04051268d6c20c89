package org.kmodsim.scenarios;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code kmodsim aot-train}: the workload the launcher records a JDK 25+ AOT cache from (JEP 483
 * and 515: the classes loaded and linked, and the methods' profiles, so that a later JVM starts
 * with them instead of learning them again). Hidden: only the launcher runs it, once per build, in
 * a directory of its own (explore writes choice logs there).
 *
 * <p>What the cache serves is what this runs: a boot and a shell session (every command starts with
 * one), the explores of the catalogue's two benchmark scenarios (docs/performance.md), and a
 * replay. A command it leaves out still works; it only learns its classes at run time, as without a
 * cache. Each command's output goes nowhere; a command that fails does not stop the others (a
 * forbidden outcome is what explore of lost-update is for).
 */
@CommandLine.Command(
    name = "aot-train",
    hidden = true,
    description = "The launcher's AOT cache training workload.")
public final class AotTraining implements java.util.concurrent.Callable<Integer> {
  /** The command lines, in order: about 5 s of CPU on the reference machine. */
  static final List<List<String>> WORKLOAD =
      List.of(
          List.of("sh", "-c", "insmod hello.conf howmany=3; lsmod; cat /proc/modules; dmesg"),
          List.of("sh", "--era", "2.4", "-c", "insmod hello.conf; cat /proc/modules; rmmod hello"),
          List.of("run", "unload-while-in-use"),
          List.of("explore", "unload-while-in-use", "--runs", "1500", "--json"),
          List.of("explore", "lost-update", "--runs", "5000", "--json"),
          List.of("explore", "message-passing", "--strategy", "dpor", "--json"),
          List.of("replay", "lost-update", "--seed", "1"));

  @Override
  public Integer call() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    try (PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream())) {
      System.setOut(nowhere);
      System.setErr(nowhere);
      for (List<String> command : WORKLOAD) {
        Main.execute(command.toArray(String[]::new));
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return 0;
  }
}

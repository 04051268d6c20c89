package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM stop a command cleanly: the CLI runs as a child JVM on this build's class
 * path, the signal goes once the child's progress line shows work done (KMODSIM_PROGRESS=always
 * draws it on a pipe), and the child prints what it found, with no stack trace, and exits 130 or
 * 143.
 */
class SignalsTest {

  record Ended(int status, String out, String err) {}

  private static Process start(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.kmodsim.scenarios.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("KMODSIM_PROGRESS", "always");
    return builder.start();
  }

  /**
   * Reads standard error until a progress line shows work done ({@code progress}: the machine has
   * booted and runs), then signals.
   */
  private static Ended signalAfterProgress(Process child, String progress, boolean sigint)
      throws Exception {
    java.util.regex.Pattern shown = java.util.regex.Pattern.compile(progress);
    CompletableFuture<String> out = drain(child.getInputStream());
    InputStream err = child.getErrorStream();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    CompletableFuture<Boolean> progressed =
        onItsOwnThread(
            () -> {
              try {
                while (!shown.matcher(seen.toString(StandardCharsets.UTF_8)).find()) {
                  int b = err.read();
                  if (b < 0) {
                    return false;
                  }
                  seen.write(b);
                }
                return true;
              } catch (IOException e) {
                return false;
              }
            });
    boolean ready;
    try {
      ready = progressed.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      child.destroyForcibly();
      ready = false;
    }
    String saw = seen.toString(StandardCharsets.UTF_8);
    assertThat(ready)
        .as(
            "a progress line matching %s; saw: %s",
            progress, saw.substring(Math.max(0, saw.length() - 400)))
        .isTrue();
    // kill(1) for both: Process.destroy() sends SIGTERM too, but closes our ends of the child's
    // pipes first, and what the child prints after the signal is what this test reads.
    Process kill =
        new ProcessBuilder("kill", sigint ? "-INT" : "-TERM", Long.toString(child.pid()))
            .redirectErrorStream(true)
            .start();
    String killSaid = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kill.waitFor())
        .as(
            "kill(1) of pid %d: %s (this JVM, pid %d: children %s)",
            child.pid(),
            killSaid.strip(),
            ProcessHandle.current().pid(),
            ProcessHandle.current()
                .children()
                .map(h -> h.pid() + " " + h.info().command().orElse("?"))
                .toList())
        .isZero();
    CompletableFuture<String> rest = drain(err);
    boolean stopped = child.waitFor(20, TimeUnit.SECONDS);
    if (!stopped) {
      child.destroyForcibly(); // a child that ignored the signal must not outlive the test
    }
    assertThat(stopped).as("stopped after the signal").isTrue();
    return new Ended(
        child.exitValue(), out.get(5, TimeUnit.SECONDS), rest.get(5, TimeUnit.SECONDS));
  }

  /**
   * A blocking read on a thread of its own. Not the default executor: from JDK 25 on, that is the
   * common pool even when its parallelism is 1 (on 2 processors; JDK 17 starts a thread per task
   * there), so a second blocking read waited behind the first until the child had exited, and the
   * signal then found no process.
   */
  private static <T> CompletableFuture<T> onItsOwnThread(java.util.function.Supplier<T> read) {
    return CompletableFuture.supplyAsync(
        read,
        task -> {
          Thread reader = new Thread(task, "signals-test-reader");
          reader.setDaemon(true);
          reader.start();
        });
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return onItsOwnThread(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }

  private static void assertClean(Ended ended) {
    assertThat(ended.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void ctrlCStopsAnExplorationAndPrintsTheHistogramOfTheRunsDone(@TempDir Path dir)
      throws Exception {
    Process child = start(dir, "explore", "lost-update", "--runs", "100000000");
    Ended ended = signalAfterProgress(child, "\\] [1-9][0-9]*/", true);
    assertThat(ended.status()).as(ended.err()).isEqualTo(130);
    assertThat(ended.out().lines().findFirst().orElseThrow()).contains("(interrupted after ");
    assertThat(ended.out()).contains("outcomes:").contains("determinism: 0 failing run(s) rerun");
    assertClean(ended);
  }

  @Test
  void sigtermStopsAStressRunWithoutFigures(@TempDir Path dir) throws Exception {
    Process child = start(dir, "stress", "unload", "--duration", "10s");
    Ended ended = signalAfterProgress(child, "deliveries [1-9]", false);
    assertThat(ended.status()).as(ended.err()).isEqualTo(143);
    assertThat(ended.out().lines().findFirst().orElseThrow()).contains("truncated: interrupted");
    assertThat(ended.out()).contains("no figures");
    assertClean(ended);
  }

  @Test
  void ctrlCStopsOneLongRunAndSaysSoFirst(@TempDir Path dir) throws Exception {
    Path scenario = LimitsCommandTest.endless(dir);
    Ended ended =
        signalAfterProgress(start(dir, "run", scenario.toString()), "endless [1-9]", true);
    assertThat(ended.status()).as(ended.err()).isEqualTo(130);
    assertThat(ended.out().lines().findFirst().orElseThrow())
        .startsWith("seed 1 (truncated: interrupted");
    assertClean(ended);
  }
}

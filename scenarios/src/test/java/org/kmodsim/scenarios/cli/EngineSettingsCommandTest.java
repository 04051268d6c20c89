package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command chooses the shared engine's settings ({@code kmodsim.engine}) from its configuration.
 * The engine is created once per JVM, so this runs the CLI as a child JVM, where nothing has
 * created it yet: in-process, an earlier test's engine would decide.
 */
class EngineSettingsCommandTest {

  @Test
  void aConcurrentStressRunTakesTheExecutorGivenWithSet(@TempDir Path dir) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.kmodsim.scenarios.Main");
    command.addAll(
        List.of(
            "stress",
            "unload",
            "--mode",
            "concurrent",
            "--refcount",
            "atomic",
            "--no-call",
            "--think",
            "0ns",
            "--duration",
            "20ms",
            "--json",
            "--set",
            "kmodsim.engine.concurrent-executor=affinity-pool",
            "--set",
            "kmodsim.bench.ceiling.warm-up=10ms",
            "--set",
            "kmodsim.bench.ceiling.window=10ms"));
    Process child = new ProcessBuilder(command).directory(dir.toFile()).start();
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return child.getInputStream().readAllBytes();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String json = new String(out.get(), StandardCharsets.UTF_8);
    assertThat(err).doesNotContain("internal error").doesNotContain("already running");
    assertThat(child.exitValue()).as("stderr: %s", err).isZero();
    assertThat(json).contains("\"ceilingRatio\"").contains("\"opsPerSec\"");
  }
}

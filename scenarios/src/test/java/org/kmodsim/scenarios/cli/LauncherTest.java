package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kmodsim} launcher's choice of JVM and of start-up cache, with fake JDKs: each fake
 * {@code java} prints the arguments it was given, and writes the file an {@code -XX:AOTCacheOutput}
 * or {@code -XX:ArchiveClassesAtExit} names, as a real JVM would at exit. A copy of the launcher in
 * a directory of its own, beside a jar newer than its (absent) sources, never builds.
 */
class LauncherTest {
  @TempDir Path dir;
  Path home;

  @BeforeEach
  void copyTheLauncher() throws IOException {
    home = Files.createDirectories(dir.resolve("home"));
    Path launcher = home.resolve("kmodsim");
    Files.copy(Paths.get("..", "kmodsim"), launcher);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(home.resolve("scenarios/target"));
    Files.writeString(home.resolve("scenarios/target/kmodsim.jar"), "jar");
  }

  /** A JDK whose release file says {@code version} and whose java logs its arguments. */
  private Path jdk(String name, String version) throws IOException {
    Path jdk = Files.createDirectories(dir.resolve(name).resolve("bin"));
    Files.writeString(
        jdk.getParent().resolve("release"), "JAVA_VERSION=\"" + version + "\"\nOTHER=\"x\"\n");
    Path java = jdk.resolve("java");
    Files.writeString(
        java,
        "#!/usr/bin/env bash\n"
            + "echo \""
            + name
            + " $*\" >> \""
            + dir.resolve("calls")
            + "\"\n"
            + "for a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*|-XX:ArchiveClassesAtExit=*)"
            + " echo cache > \"${a#*=}\";; esac; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }

  private List<String> launch(Map<String, String> env, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of("bash", home.resolve("kmodsim").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JAVA_HOME");
    builder.environment().remove("KMODSIM_JAVA");
    builder.environment().remove("KMODSIM_JAVA_OPTS");
    builder.environment().remove("KMODSIM_CDS");
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Path calls = dir.resolve("calls");
    List<String> lines =
        Files.exists(calls) ? Files.readAllLines(calls, StandardCharsets.UTF_8) : List.of();
    Files.deleteIfExists(calls);
    return lines;
  }

  private Map<String, String> path(Path java) {
    return Map.of("PATH", java.getParent() + ":/usr/bin:/bin");
  }

  @Test
  void aJdk25OrNewerIsPreferredToAnOlderJavaOnThePathAndRecordsItsAotCacheOnce() throws Exception {
    Path old = jdk("jdk17", "17.0.15");
    jdk("jdk99", "99.0.1");
    Map<String, String> env = new java.util.HashMap<>(path(old));
    env.put("JAVA_HOME", dir.resolve("jdk99").toString());

    List<String> first = launch(env, "version");
    assertThat(first).hasSize(2);
    assertThat(first.get(0))
        .startsWith("jdk99 -XX:AOTCacheOutput=")
        .contains("--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC")
        .endsWith("kmodsim.jar aot-train");
    assertThat(first.get(1))
        .startsWith("jdk99 -XX:AOTCache=" + home.resolve("scenarios/target/kmodsim-jdk99.0.1.aot"))
        .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
        .endsWith("kmodsim.jar version");
    assertThat(home.resolve("scenarios/target/kmodsim-jdk99.0.1.aot"))
        .content()
        .isEqualTo("cache\n");

    // the cache is newer than the jar: no second training; explore keeps both compilers
    List<String> second = launch(env, "explore", "lost-update");
    assertThat(second)
        .singleElement()
        .asString()
        .startsWith("jdk99 -XX:AOTCache=")
        .doesNotContain("TieredStopAtLevel")
        .endsWith("kmodsim.jar explore lost-update");
  }

  @Test
  void kmodsimJavaWinsAndAnOlderJdkGetsTheClassDataSharingArchive() throws Exception {
    Path old = jdk("jdk17", "17.0.15");
    jdk("jdk99", "99.0.1");
    Map<String, String> env = new java.util.HashMap<>(path(dir.resolve("jdk99/bin/java")));
    env.put("KMODSIM_JAVA", old.toString());

    List<String> calls = launch(env, "version");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).startsWith("jdk17 -XX:ArchiveClassesAtExit=").endsWith("sh -c lsmod");
    assertThat(calls.get(1))
        .startsWith("jdk17 -XX:SharedArchiveFile=" + home.resolve("scenarios/target/kmodsim.jsa"))
        .doesNotContain("sun-misc", "AOTCache")
        .endsWith("kmodsim.jar version");
  }

  @Test
  void realThreadsKeepTheDefaultCollector() throws Exception {
    Path old = jdk("jdk17", "17.0.15");
    Map<String, String> env = new java.util.HashMap<>(path(old));
    env.put("KMODSIM_JAVA", old.toString());
    env.put("KMODSIM_CDS", "off");

    assertThat(launch(env, "stress", "unload", "--mode", "concurrent"))
        .singleElement()
        .asString()
        .doesNotContain("UseSerialGC");
    assertThat(launch(env, "bench", "pekko"))
        .singleElement()
        .asString()
        .doesNotContain("UseSerialGC");
    assertThat(launch(env, "stress", "unload"))
        .singleElement()
        .asString()
        .contains("-XX:+UseSerialGC");
  }

  @Test
  void aCollectorNamedInTheOptionsReplacesTheSerialOneAndCdsOffMapsNothing() throws Exception {
    Path old = jdk("jdk17", "17.0.15");
    Map<String, String> env = new java.util.HashMap<>(path(old));
    env.put("KMODSIM_JAVA", old.toString());
    env.put("KMODSIM_CDS", "off");
    env.put("KMODSIM_JAVA_OPTS", "-XX:+UseG1GC");

    assertThat(launch(env, "version"))
        .singleElement()
        .asString()
        .doesNotContain("UseSerialGC", "Archive", "AOTCache")
        .endsWith("-XX:+UseG1GC -jar " + home.resolve("scenarios/target/kmodsim.jar") + " version");
  }
}

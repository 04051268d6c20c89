package org.kmodsim.scenarios.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.kprobes.KprobesSubsystem;
import org.kmodsim.kernel.kprobes.ProbedModuleCall;
import org.kmodsim.kernel.module.ModuleSubsystem;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.TraceEvent;
import org.kmodsim.sim.Violation;

/** kprobes with the real module subsystem: module text, GONE probes, owners that leave. */
class KprobeModuleTest {
  @TempDir static Path dir;
  static String target;
  static String example;
  static String leaky;

  @BeforeAll
  static void writeModules() throws IOException {
    target =
        write(
            "target.conf",
            "module {\n name = target\n license = \"GPL\"\n"
                + " init = [ \"return 0\" ]\n exit = [ ]\n"
                + " functions {\n  work = [ \"spin 100ns\", \"echo working\" ]\n"
                + "  other = [ \"spin 50ns\" ]\n }\n}\n");
    example =
        write(
            "kprobe_example.conf",
            "module {\n name = kprobe_example\n"
                + " license = \"GPL\"\n imports = [ register_kprobe, unregister_kprobe ]\n"
                + " init = [ \"register_kprobe kp owner=THIS_MODULE symbol_name=vfs_write offset=9"
                + " pre='call THIS_MODULE.handler_pre'\", \"return 0\" ]\n"
                + " exit = [ \"unregister_kprobe kp owner=THIS_MODULE\" ]\n"
                + " functions {\n  handler_pre = [ \"spin 20ns\", \"return 0\" ]\n }\n}\n");
    leaky =
        write(
            "kprobe_leak.conf",
            "module {\n name = kprobe_leak\n license = \"GPL\"\n"
                + " imports = [ register_kprobe ]\n"
                + " init = [ \"register_kprobe kp owner=THIS_MODULE symbol_name=vfs_write offset=9"
                + " pre='call THIS_MODULE.handler_pre'\", \"return 0\" ]\n exit = [ ]\n"
                + " functions {\n  handler_pre = [ \"spin 20ns\", \"return 0\" ]\n }\n}\n");
  }

  static String lookup(String name, String license, String imported) throws IOException {
    return write(
        name + ".conf",
        "module {\n name = "
            + name
            + "\n license = \""
            + license
            + "\"\n imports = [ "
            + imported
            + " ]\n init = [ \"return 0\" ]\n exit = [ ]\n}\n");
  }

  static String write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file.toString();
  }

  static MachineSpec machine(Era era, int cpus, String script) {
    return new MachineSpec(
        ConfigFactory.load(),
        era,
        cpus,
        List.of(new ModuleSubsystem().withCodeCall(ProbedModuleCall::new), new KprobesSubsystem()),
        List.of(),
        CommandLine.splitList(script),
        Cred.root(),
        0);
  }

  static String sh(Era era, String script) {
    StringBuilder all = new StringBuilder();
    for (MachineReport.ShellResult r :
        MachineRun.run(machine(era, 2, script), RunSpec.deterministic(1)).report().shellResults()) {
      all.append(r.output()).append(KprobeShellTest.withoutCallReport(r.errors()));
    }
    return all.toString();
  }

  @Test
  void aProbeOnModuleTextFiresOnModuleCallsAndIsGoneAfterUnload() {
    String text =
        sh(
            Era.V6_X,
            "insmod "
                + target
                + "; register_kprobe kp symbol_name=work"
                + " pre='echo pre'; call target.work; cat /sys/kernel/debug/kprobes/list; rmmod target;"
                + " cat /sys/kernel/debug/kprobes/list; enable_kprobe kp; kprobe_addr kp a;"
                + " unregister_kprobe kp; cat /sys/kernel/debug/kprobes/list");
    assertThat(text).startsWith("pre\nworking\n");
    assertThat(text)
        .containsPattern(
            "ffffffffc[0-9a-f]{6}4  k  work\\+0x4  target \\[FTRACE\\]\n"
                + "ffffffffc[0-9a-f]{6}4  k  work\\+0x4  target \\[GONE\\]\\[FTRACE\\]\n");
    assertThat(text.lines().count()).isEqualTo(4);
  }

  /**
   * The GOING notifier is synchronous: kprobes marks the probe on the module's text GONE before
   * free_module runs (trace order), on every seed and on real threads.
   */
  @Test
  void aProbeInAModuleIsGoneBeforeTheModuleIsFreed() {
    MachineSpec spec =
        machine(
            Era.V6_X,
            2,
            "insmod "
                + target
                + "; register_kprobe kp"
                + " symbol_name=work pre='echo pre'; spin 5ms; rmmod target");
    for (long seed = 1; seed <= 30; seed++) {
      assertGoneBeforeFreed(
          MachineRun.run(spec, RunSpec.deterministic(seed).withTrace(20_000)),
          "seed " + seed,
          true);
    }
    // On real threads the run may halt before the freed module actor records its free_module;
    // the probe is GONE before rmmod returns all the same.
    for (long seed = 1; seed <= 3; seed++) {
      assertGoneBeforeFreed(
          MachineRun.run(
              spec,
              RunSpec.concurrent(seed)
                  .withTrace(20_000)
                  .withLimits(50_000_000L, Long.MAX_VALUE, java.time.Duration.ofSeconds(60))),
          "concurrent seed " + seed,
          false);
    }
  }

  static void assertGoneBeforeFreed(MachineRun.Outcome outcome, String what, boolean freeTraced) {
    List<TraceEvent> trace = outcome.result().trace();
    int gone = -1;
    int freed = -1;
    for (int i = 0; i < trace.size(); i++) {
      TraceEvent event = trace.get(i);
      if (gone < 0 && event.kind().equals("kprobe") && event.detail().endsWith("(GONE)")) {
        gone = i;
      }
      if (freed < 0
          && event.kind().equals("free_module")
          && event.event().string("module").equals("target")) {
        freed = i;
      }
    }
    assertThat(outcome.report().shellResults().get(3).exitStatus()).as(what).isZero();
    assertThat(gone).as(what).isNotNegative();
    if (freeTraced || freed >= 0) {
      assertThat(freed).as(what).isGreaterThan(gone);
    }
  }

  @Test
  /**
   * The spin lets the module settle: with the module subsystem alone, an rmmod issued the moment
   * insmod returns finds the module "in use" for about one seed in eight (the loader learns the
   * count drop of init after insmod has returned), kprobes booted or not.
   */
  void aGoingModuleCannotBeProbed() {
    assertThat(
            sh(
                Era.V6_X,
                "insmod "
                    + target
                    + "; spin 1us; rmmod target;"
                    + " register_kprobe kp symbol_name=work; kprobe_addr kp"))
        .isEqualTo("0000000000000000\n"); // its symbols are gone: -ENOENT, addr untouched
  }

  @Test
  void theSampleModuleProbesAndCleansUp() {
    String text =
        sh(
            Era.V6_X,
            "insmod "
                + example
                + "; kcall vfs_write;"
                + " cat /sys/kernel/debug/kprobes/list; rmmod kprobe_example;"
                + " cat /sys/kernel/debug/kprobes/list; kcall vfs_write");
    assertThat(text).isEqualTo("ffffffff81101779  k  vfs_write+0x9    \n");
  }

  static MachineRun.Outcome ownerRace(String module, long seed) {
    MachineSpec spec =
        machine(Era.V6_X, 2, "")
            .withPrograms(
                List.of(
                    ProgramSpec.of(
                        0,
                        "admin",
                        c ->
                            List.of(
                                c.parse("insmod " + module),
                                c.parse("spin 2us"),
                                c.parse(
                                    "rmmod "
                                        + (module.equals(leaky)
                                            ? "kprobe_leak"
                                            : "kprobe_example")))),
                    new ProgramSpec(
                        1,
                        "writer",
                        c ->
                            List.of(
                                c.parse("spin 1us"),
                                c.parse("kcall vfs_write 100ns"),
                                c.parse("kcall vfs_write 100ns"),
                                c.parse("kcall vfs_write 100ns")),
                        1_000,
                        Cred.root())));
    return MachineRun.run(spec, RunSpec.deterministic(seed));
  }

  @Test
  void aModuleThatLeavesItsProbeArmedOopsesTheNextHitWithinAThousandSeeds() {
    long found = -1;
    for (long seed = 1; seed <= 1000 && found < 0; seed++) {
      List<Violation> violations = ownerRace(leaky, seed).result().violations();
      if (!violations.isEmpty()) {
        assertThat(violations).extracting(Violation::kind).contains("use-after-free");
        found = seed;
      }
    }
    assertThat(found).as("first seed with the use-after-free").isPositive();
    Cpu.ProgramFinished writer =
        ownerRace(leaky, found).report().finishedPrograms().stream()
            .filter(p -> p.program().equals("writer"))
            .findFirst()
            .orElseThrow();
    assertThat(writer.exitStatus()).isEqualTo(137);
  }

  @Test
  void aModuleThatUnregistersInItsExitNeverOopses() {
    for (long seed = 1; seed <= 100; seed++) {
      MachineRun.Outcome outcome = ownerRace(example, seed);
      assertThat(outcome.result().violations()).as("seed " + seed).isEmpty();
    }
  }

  /**
   * An rmmod racing with a registration on the module's text: the unload wins (the registration
   * fails), the registration wins (the probe is GONE later), or the rmmod falls into the window
   * where the registration holds the module, and the module is in use.
   */
  @Test
  void unloadRacingWithRegistrationCanFindTheModuleInUse() {
    TreeSet<String> outcomes = new TreeSet<>();
    for (long seed = 1; seed <= 300; seed++) {
      MachineSpec spec =
          machine(Era.V6_X, 2, "")
              .withPrograms(
                  List.of(
                      ProgramSpec.of(
                          0,
                          "prober",
                          c ->
                              List.of(
                                  c.parse("insmod " + target),
                                  c.parse("spin 1us"),
                                  c.parse("register_kprobe kp symbol_name=work offset=9"),
                                  c.parse("kprobe_addr kp"))),
                      new ProgramSpec(
                          1, "admin", c -> List.of(c.parse("rmmod target")), 1_000, Cred.root())));
      MachineRun.Outcome outcome = MachineRun.run(spec, RunSpec.deterministic(seed));
      String rmmod =
          outcome.report().finishedPrograms().stream()
              .filter(p -> p.program().equals("admin"))
              .findFirst()
              .orElseThrow()
              .errors();
      outcomes.add(rmmod.isEmpty() ? "unloaded" : rmmod.strip());
    }
    assertThat(outcomes).contains("unloaded", "rmmod: ERROR: Module target is in use");
  }

  /** The lookup trick's caveats: the kprobes API is GPL-only; kallsyms_lookup_name left in 5.7. */
  @Test
  void onlyGplModulesLinkAgainstKprobesAndKallsymsLookupNameIsGoneIn6x() throws IOException {
    String proprietary = lookup("trick_prop", "Proprietary", "register_kprobe");
    String gpl = lookup("trick_gpl", "GPL", "register_kprobe, unregister_kprobe");
    String direct = lookup("trick_direct", "GPL", "kallsyms_lookup_name");
    assertThat(sh(Era.V6_X, "insmod " + proprietary)).contains("Unknown symbol in module");
    assertThat(sh(Era.V6_X, "insmod " + gpl + "; lsmod")).contains("trick_gpl");
    assertThat(sh(Era.V6_X, "insmod " + direct)).contains("Unknown symbol in module");
    assertThat(sh(Era.V4_X, "insmod " + direct + "; lsmod")).contains("trick_direct");
  }
}

package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.cli.MainTest.kmodsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.scenarios.cli.MainTest.Run;

/**
 * The bad inputs named in issue 12, each with its own test: every one is refused before any actor
 * starts, with {@code FILE:LINE: KEY: reason} and exit status 2 (or, inside the machine, the
 * kernel's or the tool's own message), never a Java class name or a stack trace.
 */
class BadInputTest {
  @TempDir Path dir;

  private Path scenario(String name, String machine, String program, String extra)
      throws IOException {
    Path file = dir.resolve(name + ".conf");
    Files.writeString(
        file,
        "title = \"t\"\n"
            + machine
            + "\nprograms = [ { cpu = 0, "
            + program
            + " } ]\n"
            + "outcomes = [ { name = ok, class = acceptable, description = \"ok\" } ]\n"
            + extra
            + "\n");
    return file;
  }

  private Path scenario(String name, String program) throws IOException {
    return scenario(name, "machine.cpus = 2", program, "");
  }

  /** Exit 2 with exactly one line on stderr, which contains {@code text}, and no output. */
  private static void refused(Run run, String text) {
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.err().strip()).doesNotContain("\n").contains(text);
    assertUserTerms(run.err());
    assertThat(run.out()).isEmpty();
  }

  static void assertUserTerms(String text) {
    assertThat(text)
        .doesNotContain("Exception")
        .doesNotContain("com.typesafe")
        .doesNotContain("org.kmodsim")
        .doesNotContain("org.apache")
        .doesNotContain("Config#resolve")
        .doesNotContain("No enum constant")
        .doesNotContain("(null)")
        .doesNotContainPattern("\\tat [a-z]");
  }

  @Test
  void aFractionalCpuCountIsRefused() throws IOException {
    Path file = scenario("cpus", "machine.cpus = 2.5", "steps = [\"spin 1ns\"]", "");
    refused(kmodsim("run", file.toString()), "cpus.conf:2: machine.cpus: expected a whole number");
    refused(
        kmodsim("sh", "--set", "kmodsim.machine.nr-cpus=2.5", "-c", "true"),
        "--set kmodsim.machine.nr-cpus=2.5: kmodsim.machine.nr-cpus: expected a whole number");
  }

  @Test
  void aSpinThatOverflowsTheClockIsRefused() throws IOException {
    Path file = scenario("spin", "steps = [\"spin 99999999999999999999ns\"]");
    refused(kmodsim("run", file.toString()), "longer than the maximum 1000000s");
  }

  @Test
  void aStartTimeThatOverflowsTheClockIsRefused() throws IOException {
    Path file = scenario("start", "start = 99999999999999999999ns, steps = [\"spin 1ns\"]");
    refused(kmodsim("run", file.toString()), "start.conf:3: programs.start: ");
  }

  @Test
  void aRepeatCountAboveACIntIsOutOfRangeNotNegative() throws IOException {
    Path file = scenario("rep", "steps = [{repeat = 2147483648, steps = [\"spin 1ns\"]}]");
    refused(kmodsim("run", file.toString()), "out of range (expected 0 to 2147483647)");
  }

  @Test
  void blocksNestedBeyondTheLimitAreRefusedNotAStackOverflow() throws IOException {
    String steps = "\"spin 1ns\"";
    for (int i = 0; i < 40; i++) {
      steps = "{repeat = 1, steps = [" + steps + "]}";
    }
    Path file = scenario("deep", "steps = [" + steps + "]");
    refused(kmodsim("run", file.toString()), "nest more than 32 deep");
    StringBuilder hocon = new StringBuilder("title = ");
    hocon.append("[".repeat(20_000)).append("]".repeat(20_000));
    Path deeper = dir.resolve("deeper.conf");
    Files.writeString(deeper, hocon.toString());
    Run run = kmodsim("run", deeper.toString());
    assertThat(run.status()).isEqualTo(2);
    assertUserTerms(run.err());
  }

  @Test
  void anUnknownErrnoInAFaultIsAMessageNotAnEnumError() throws IOException {
    Path file =
        scenario(
            "errno",
            "machine.cpus = 2",
            "steps = [\"spin 1ns\"]",
            "faults = [{type = fail-init, module = hello, errno = EFOOBAR}]");
    refused(kmodsim("run", file.toString()), "errno.conf:5: faults.errno: unknown errno 'EFOOBAR'");
  }

  @Test
  void negativeFaultTimesAreRefused() throws IOException {
    for (String field : new String[] {"at", "for"}) {
      Path file =
          scenario(
              "fault-" + field,
              "machine.cpus = 2",
              "steps = [\"spin 1ns\"]",
              "faults = [{type = stop-cpu, cpu = 1, " + field + " = -5ns}]");
      refused(kmodsim("run", file.toString()), "faults." + field + ": '-5ns' is negative");
    }
    Path start = scenario("neg-start", "start = -1us, steps = [\"spin 1ns\"]");
    refused(kmodsim("run", start.toString()), "programs.start: '-1us' is negative");
  }

  @Test
  void badBaudsAndConsoleSpecsAreRefusedBeforeBoot() throws IOException {
    Path file =
        scenario(
            "baud",
            "machine.cpus = 2",
            "steps = [\"spin 1ns\"]",
            "faults = [{type = slow-console, baud = -3}]");
    refused(kmodsim("run", file.toString()), "faults.baud: -3 is out of range (expected 50 to");
    refused(
        kmodsim("sh", "--set", "kmodsim.console=[\"ttyS0,99999999999\"]", "-c", "true"),
        "kmodsim.console: baud rate 99999999999 is out of range");
    refused(
        kmodsim("sh", "--set", "kmodsim.console=[\"lp0\"]", "-c", "true"),
        "kmodsim.console: unknown console 'lp0'");
  }

  @Test
  void configurationValuesAreCheckedWhenTheConfigurationIsRead() throws IOException {
    Path conf = dir.resolve("application.conf");
    Files.writeString(conf, "kmodsim.printk {\n  ratelimit-burst = 1.5\n}\n");
    refused(
        kmodsim("sh", "--config", conf.toString(), "-c", "true"),
        "application.conf:2: kmodsim.printk.ratelimit-burst: expected a whole number, not 1.5");
    refused(
        kmodsim("sh", "--set", "kmodsim.modules.fail-init=[\"hello:EFOOBAR\"]", "-c", "true"),
        "unknown errno 'EFOOBAR'");
    refused(
        kmodsim("sh", "--set", "kmodsim.kprobes.trap-cost=-1ns", "-c", "true"),
        "kmodsim.kprobes.trap-cost: '-1ns' is negative");
    refused(
        kmodsim("sh", "--set", "kmodsim.run.wall-limit=99999999999999999999s", "-c", "true"),
        "kmodsim.run.wall-limit: '99999999999999999999s' is longer than the maximum");
  }

  @Test
  void hoconIncludesAndOptionalSubstitutionsWork() throws IOException {
    Files.writeString(
        dir.resolve("outcomes.conf"),
        "outcomes = [ { name = ok, class = acceptable, description = \"ok\" } ]\n");
    Path file = dir.resolve("inc.conf");
    Files.writeString(
        file,
        "include \"outcomes.conf\"\n"
            + "title = \"from the file\"\n"
            + "title = ${?KMODSIM_TEST_UNSET_TITLE}\n"
            + "programs = [ { cpu = 0, steps = [\"spin 1ns\"] } ]\n");
    Run run = kmodsim("run", file.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("scenario inc: from the file");
  }

  @Test
  void anUnresolvedSubstitutionIsAMessageWithoutTheLibrarysAdvice() throws IOException {
    Path file = dir.resolve("sub.conf");
    Files.writeString(file, "title = ${NOSUCH_KEY}\n");
    refused(kmodsim("run", file.toString()), "sub.conf:1: Could not resolve substitution");
  }

  @Test
  void outputPathsAreCheckedBeforeTheRun() {
    for (String option : new String[] {"--trace", "--report", "--save-choices"}) {
      refused(
          kmodsim("run", "lost-update", option, dir.resolve("no/such/dir/x").toString()),
          option + ": cannot write ");
      refused(kmodsim("run", "lost-update", option, dir.toString()), "Is a directory");
    }
    refused(
        kmodsim("latency", "printk", "--csv", dir.resolve("none/x.csv").toString()),
        "--csv: cannot write ");
    refused(
        kmodsim("latency", "printk", "--plot", dir.resolve("none/x.png").toString()),
        "--plot: cannot write ");
  }

  private Path module(String name, String text) throws IOException {
    Path file = dir.resolve(name + ".conf");
    Files.writeString(file, "module {\n" + text + "\n}\n");
    return file;
  }

  /** insmod refuses the file as the era's tool does: the reason, then Invalid module format. */
  private static void invalidModule(Path file, String reason) {
    Run run = kmodsim("sh", "-c", "insmod " + file);
    assertThat(run.status()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .contains(reason)
        .contains("could not insert module " + file + ": Invalid module format");
    assertUserTerms(run.err());
  }

  @Test
  void anInvalidModuleNameIsAnInvalidModuleFormat() throws IOException {
    invalidModule(
        module("slash", "name = \"bad/name\", license = GPL"),
        "module.name: 'bad/name' is not a module name");
    invalidModule(
        module("long", "name = " + "x".repeat(56) + ", license = GPL"),
        "is not a module name (1 to 55");
  }

  @Test
  void unknownKeysDuplicateParametersAndSizesOutOfRangeAreInvalidModuleFormats()
      throws IOException {
    invalidModule(module("unk", "name = unk, colour = red"), "module.colour: unknown key");
    invalidModule(
        module("dup", "name = dup, params = [{name = a, type = int}, {name = a, type = int}]"),
        "parameter a is declared twice");
    invalidModule(
        module("size", "name = size, size = 99999999999999999"), "module.size: 99999999999999999");
    invalidModule(
        module("arr", "name = arr, params = [{name = a, type = int, array = 2.5}]"),
        "module.params.array: expected a whole number, not 2.5");
  }

  @Test
  void anUnknownErrnoInModuleCodeIsAnInvalidModuleFormatNotAnEnumError() throws IOException {
    Path file = module("ef", "name = ef, license = GPL, init = [\"return -EFOOBAR\"]");
    Run run = kmodsim("sh", "-c", "insmod " + file + "; dmesg");
    assertThat(run.err()).contains("Invalid module format");
    assertThat(run.out()).contains("unknown errno '-EFOOBAR'");
    assertUserTerms(run.out() + run.err());
  }

  @Test
  void failingSystemCallsPrintTheirErrnoAndFailTheShell() {
    Run delete = kmodsim("sh", "-c", "delete_module nosuch");
    assertThat(delete.status()).isEqualTo(1);
    assertThat(delete.err()).isEqualTo("delete_module: No such file or directory\n");
    Run flags = kmodsim("sh", "-c", "finit_module hello.conf flags=99999");
    assertThat(flags.status()).isEqualTo(1);
    assertThat(flags.err()).isEqualTo("finit_module: Invalid argument\n");
    Run kprobe = kmodsim("sh", "-c", "register_kprobe kp symbol_name=nosuch");
    assertThat(kprobe.status()).isNotZero();
    assertThat(kprobe.err()).isEqualTo("register_kprobe failed, returned -2\n");
    Run fine = kmodsim("sh", "-c", "delete_module nosuch; true");
    assertThat(fine.status()).as("sh -c reports the last command's status").isZero();
  }

  @Test
  void anInternalErrorIsOneLineWithTheTraceInAFile() throws IOException {
    String line =
        InternalFailure.report(
            new IllegalStateException("outer", new NullPointerException("the cause")), "run", "x");
    assertThat(line).doesNotContain("\n").startsWith("kmodsim: internal error: the cause");
    String file = line.replaceFirst(".*the full trace is in (\\S+)\\)$", "$1");
    Path trace = Path.of(file);
    assertThat(Files.readString(trace))
        .contains("kmodsim run x")
        .contains("java.lang.IllegalStateException: outer")
        .contains("Caused by: java.lang.NullPointerException: the cause");
    Files.delete(trace);
  }
}

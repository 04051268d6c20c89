package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.Main;
import org.kmodsim.scenarios.config.KmodsimConfig;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The generated bad-input suite (issue 12): mutated catalogue scenario files, mutated module files,
 * shell lines built from every command of the registry, and bad values for every option of every
 * command, each run in-process through {@link Main#execute}. Every case ends with exit status 0, 1
 * or 2 (or 4 when a run stopped at the suite's step or wall-time limit; a shell line: the last
 * command's status, never kmodsim's 3), within 30 s, with no stack trace and no Java class name,
 * and a refusal (2) is one line.
 *
 * <p>Not a unit test: it runs in the {@code bad-input} profile, active in every build unless {@code
 * -DskipBadInput} is given, so {@code mvn -B verify} (CI's {@code .ci/run}) runs it. The seeds are
 * fixed, so a run is reproducible; change them to search further.
 */
class BadInputSuite {
  private static final long CASE_SECONDS = 30;

  /** The status of a run stopped at a limit (the step cap, the wall-time limit). */
  private static final int TRUNCATED = 4;

  private static final Path DIR = tempDir();
  private static final AtomicInteger FILES = new AtomicInteger();
  private static ExecutorService runner = newRunner();

  /** One thread for the cases; a case that overran leaves its thread to itself and gets a new. */
  private static ExecutorService newRunner() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "bad-input-case");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Limits every run, so that an input that asks for a long but valid run (a module whose init
   * spins for days, a stress run with a 2 ns pause) ends at the step limit within seconds.
   */
  private static final String[] LIMITS = {
    "--set", "kmodsim.run.max-steps=200000", "--set", "kmodsim.run.wall-limit=10s"
  };

  private static final List<String> BAD_VALUES =
      List.of(
          "-1",
          "0",
          "2.5",
          "-0.5",
          "99999999999999999999",
          "2147483648",
          "-2147483649",
          "1e400",
          "\"\"",
          "null",
          "true",
          "[]",
          "{}",
          "\"-5ns\"",
          "99999999999999999999ns",
          "\"2.5us\"",
          "EFOOBAR",
          "\"bad/name\"",
          "\"" + "x".repeat(300) + "\"",
          "${NOSUCH_SUBSTITUTION}",
          "${?NOSUCH_OPTIONAL}",
          "\"\\u0000\"",
          "NaN");

  record Case(String label, int status, String out, String err) {}

  @AfterContainer
  static void cleanUp() throws IOException {
    runner.shutdownNow();
    try (var files = Files.walk(DIR)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  // The properties.

  @Property(tries = 220, seed = "4212", shrinking = ShrinkingMode.OFF)
  void mutatedScenarioFiles(@ForAll("scenarioTexts") String text) {
    Path file = write("scenario", text);
    List<String> args = new ArrayList<>(List.of("run", file.toString(), "--seed", "1"));
    args.addAll(List.of(LIMITS));
    check(text, run(args, text), false);
  }

  @Property(tries = 160, seed = "4213", shrinking = ShrinkingMode.OFF)
  void mutatedModuleFiles(@ForAll("moduleTexts") String text, @ForAll("eras") String era) {
    Path file = write("module", text);
    check(
        text,
        run(
            limited(
                "sh",
                "--era",
                era,
                "-c",
                "modinfo " + file + "; insmod " + file + "; lsmod; cat /proc/modules"),
            text),
        true);
  }

  @Property(tries = 120, seed = "4214", shrinking = ShrinkingMode.OFF)
  void shellLines(@ForAll("shellScripts") String script, @ForAll("eras") String era) {
    check(script, run(limited("sh", "--era", era, "-c", script), script), true);
  }

  @Property(tries = 120, seed = "4215", shrinking = ShrinkingMode.OFF)
  void optionValues(@ForAll("commandLines") List<String> args) {
    List<String> all = new ArrayList<>(args);
    if (!args.get(0).equals("version") && !args.get(0).equals("list")) {
      all.addAll(List.of(LIMITS));
    }
    check(String.join(" ", args), run(all), false);
  }

  private static List<String> limited(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(1, List.of(LIMITS));
    return all;
  }

  // The generators.

  @Provide
  Arbitrary<String> eras() {
    return Arbitraries.of("6.x", "4.x", "2.6", "2.4");
  }

  @Provide
  Arbitrary<String> scenarioTexts() {
    List<String> texts = new ArrayList<>();
    for (String name : ScenarioLoader.catalogue()) {
      texts.add(resource("kmodsim/scenarios/" + name + ".conf"));
    }
    return mutated(texts);
  }

  @Provide
  Arbitrary<String> moduleTexts() {
    List<String> texts = new ArrayList<>();
    for (String line : resource("modules/index").split("\n")) {
      if (!line.isBlank()) {
        texts.add(resource("modules/" + line.strip()));
      }
    }
    return mutated(texts);
  }

  /** A file of {@code texts} with one, two or three mutations. */
  private static Arbitrary<String> mutated(List<String> texts) {
    Arbitrary<Mutation> one =
        Combinators.combine(
                Arbitraries.of(MutationKind.values()),
                Arbitraries.integers().between(0, 100_000),
                Arbitraries.of(BAD_VALUES))
            .as(Mutation::new);
    return Combinators.combine(Arbitraries.of(texts), one.list().ofMinSize(1).ofMaxSize(3))
        .as(
            (text, mutations) -> {
              String out = text;
              for (Mutation m : mutations) {
                out = m.apply(out);
              }
              return out;
            });
  }

  @Provide
  Arbitrary<String> shellScripts() {
    List<String> names = new ArrayList<>(commandNames());
    names.addAll(List.of("nosuch", "su", "echo"));
    Arbitrary<String> word =
        Arbitraries.oneOf(
            Arbitraries.of(
                "-1",
                "0",
                "2.5",
                "99999999999999999999",
                "2147483648",
                "''",
                "\"",
                "'open",
                ">",
                "> /proc/modules",
                "nosuch",
                "hello",
                "hello.conf",
                "chardev.conf",
                "kp",
                "symbol_name=nosuch",
                "symbol_name=vfs_read",
                "addr=0",
                "flags=99999",
                "O_NONBLOCK",
                "-f",
                "-n",
                "--help",
                "/sys/module/hello/parameters/howmany",
                "/proc/nosuch",
                "0xffffffffc0000010",
                "99999999999999999999ns",
                "-5ns",
                "1000000s",
                "howmany=2.5",
                "howmany=99999999999999999999",
                "a=b",
                "=",
                "\\",
                "hello.nosuch",
                "x".repeat(5000)),
            Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> command =
        Combinators.combine(Arbitraries.of(names), word.list().ofMaxSize(4))
            .as((name, args) -> name + (args.isEmpty() ? "" : " " + String.join(" ", args)));
    return command.list().ofMinSize(1).ofMaxSize(3).map(list -> String.join("; ", list));
  }

  /**
   * A command of the kmodsim command line with one option given a bad value (or a bad operand):
   * every subcommand and every option of it, found from the command line's own model.
   */
  @Provide
  Arbitrary<List<String>> commandLines() {
    List<List<String>> lines = new ArrayList<>();
    for (CommandSpec command : leafCommands(new CommandLine(new Main()).getCommandSpec())) {
      List<String> base = baseInvocation(command);
      if (base == null) {
        continue;
      }
      for (OptionSpec option : command.options()) {
        if (option.usageHelp() || option.versionHelp() || option.arity().max() == 0) {
          continue;
        }
        lines.add(withOption(base, option.longestName()));
      }
      lines.add(withOption(base, null));
    }
    Arbitrary<String> value =
        Arbitraries.of(
            "-1",
            "2.5",
            "-0.5",
            "99999999999999999999",
            "2147483648",
            "",
            "nosuch",
            "1e400",
            "NaN",
            "-5ns",
            "99999999999999999999ns",
            "/nonexistent/dir/file",
            DIR.toString(),
            "kmodsim.nosuch=1",
            "kmodsim.run.seed",
            "kmodsim.machine.nr-cpus=2.5",
            "kmodsim.console=[\"ttyS0,5\"]");
    return Combinators.combine(Arbitraries.of(lines), value)
        .as(
            (line, v) -> {
              List<String> args = new ArrayList<>();
              for (String arg : line) {
                args.add(arg.equals("VALUE") ? v : arg);
              }
              return args;
            });
  }

  /** The operands a command needs to get as far as its options: null for those left out. */
  private static List<String> baseInvocation(CommandSpec command) {
    String path = command.qualifiedName(" ").replaceFirst("^kmodsim ", "");
    return switch (path) {
      case "run", "explore" -> new ArrayList<>(List.of(path, "lost-update"));
      case "replay" -> new ArrayList<>(List.of(path, "lost-update", "--seed", "1"));
      case "minimize" -> new ArrayList<>(List.of(path, "lost-update", "--choices", "VALUE"));
      case "sh" -> new ArrayList<>(List.of(path, "-c", "lsmod"));
      case "boot", "list", "version" -> new ArrayList<>(List.of(path));
      case "stress unload", "stress kprobes" -> new ArrayList<>(List.of(path.split(" ")));
      // bench and latency run for seconds even when every value is good; their options are
      // the global ones, checked through the other commands
      default -> null;
    };
  }

  private static List<String> withOption(List<String> base, String option) {
    List<String> line = new ArrayList<>(base);
    if (option == null) {
      line.set(line.size() > 1 && !line.get(0).equals("stress") ? 1 : line.size() - 1, "VALUE");
    } else {
      line.add(option);
      line.add("VALUE");
    }
    return line;
  }

  private static List<CommandSpec> leafCommands(CommandSpec root) {
    List<CommandSpec> out = new ArrayList<>();
    for (CommandLine sub : root.subcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      if (spec.name().equals("help") || out.contains(spec)) {
        continue;
      }
      if (spec.subcommands().isEmpty()) {
        out.add(spec);
      } else {
        out.addAll(leafCommands(spec));
      }
    }
    return out;
  }

  private static List<String> commandNames() {
    return new ArrayList<>(
        ScenarioRunner.registry(KmodsimConfig.load(null, List.of()), Era.V6_X).entries().keySet());
  }

  // Mutations of a file's text.

  enum MutationKind {
    REPLACE_VALUE,
    REPLACE_NUMBER,
    DELETE_LINE,
    DUPLICATE_LINE,
    TRUNCATE,
    INSERT_KEY,
    DROP_BRACKET,
    INSERT_GARBAGE,
    REPLACE_COMMAND,
    NEST_STEPS
  }

  private static final Pattern VALUE = Pattern.compile("=\\s*([^,\\s}\\]\\n]+)");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(ns|us|ms|s)?");
  private static final Pattern COMMAND = Pattern.compile("\"([a-z_]+)( |\")");

  record Mutation(MutationKind kind, int position, String value) {
    String apply(String text) {
      return switch (kind) {
        case REPLACE_VALUE -> replaceMatch(text, VALUE, 1, value);
        case REPLACE_NUMBER -> replaceMatch(text, NUMBER, 0, value);
        case DELETE_LINE -> {
          List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
          lines.remove(position % lines.size());
          yield String.join("\n", lines);
        }
        case DUPLICATE_LINE -> {
          List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
          int i = position % lines.size();
          lines.add(i, lines.get(i));
          yield String.join("\n", lines);
        }
        case TRUNCATE -> text.substring(0, position % (text.length() + 1));
        case INSERT_KEY -> {
          int brace = nth(text, '{', position);
          yield brace < 0
              ? "unknown-key = " + value + "\n" + text
              : text.substring(0, brace + 1)
                  + " unknown-key = "
                  + value
                  + ", "
                  + text.substring(brace + 1);
        }
        case DROP_BRACKET -> {
          int at = nth(text, position % 2 == 0 ? '}' : ']', position / 2);
          yield at < 0 ? text : text.substring(0, at) + text.substring(at + 1);
        }
        case INSERT_GARBAGE -> {
          int at = position % (text.length() + 1);
          String garbage =
              List.of("\"", "{", "[", "=", "$", "\\", "\u0000", "${").get(position % 8);
          yield text.substring(0, at) + garbage + text.substring(at);
        }
        case REPLACE_COMMAND -> replaceMatch(text, COMMAND, 1, value.replace("\"", ""));
        case NEST_STEPS -> {
          String nested = "\"spin 1ns\"";
          for (int i = 0; i < 20 + position % 30; i++) {
            nested = "{repeat = 1, steps = [" + nested + "]}";
          }
          yield text.replaceFirst(
              "steps = \\[", "steps = [" + Matcher.quoteReplacement(nested) + ", ");
        }
      };
    }

    private String replaceMatch(String text, Pattern pattern, int group, String replacement) {
      List<int[]> spans = new ArrayList<>();
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        spans.add(new int[] {m.start(group), m.end(group)});
      }
      if (spans.isEmpty()) {
        return text;
      }
      int[] span = spans.get(position % spans.size());
      return text.substring(0, span[0]) + replacement + text.substring(span[1]);
    }

    private static int nth(String text, char c, int n) {
      List<Integer> at = new ArrayList<>();
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == c) {
          at.add(i);
        }
      }
      return at.isEmpty() ? -1 : at.get(n % at.size());
    }
  }

  // Running one case.

  private static Case run(List<String> args) {
    return run(args, "");
  }

  private static Case run(List<String> args, String input) {
    String label = String.join(" ", args);
    Future<Case> future =
        runner.submit(
            () -> {
              PrintStream oldOut = System.out;
              PrintStream oldErr = System.err;
              InputStream oldIn = System.in;
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              ByteArrayOutputStream err = new ByteArrayOutputStream();
              try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                System.setIn(new ByteArrayInputStream(new byte[0]));
                int status = Main.execute(args.toArray(String[]::new));
                return new Case(
                    label,
                    status,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
              } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
                System.setIn(oldIn);
              }
            });
    try {
      return future.get(CASE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      runner.shutdownNow();
      runner = newRunner();
      throw new AssertionError(
          "took more than " + CASE_SECONDS + " s: kmodsim " + label + "\ninput:\n" + input);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("threw out of Main.execute: kmodsim " + label, e.getCause());
    }
  }

  private static void check(String input, Case c, boolean shell) {
    String all = c.out() + c.err();
    String context = "kmodsim " + c.label() + "\ninput:\n" + input + "\nstderr:\n" + c.err();
    assertThat(all).as(context).doesNotContain("internal error");
    if (shell) {
      assertThat(c.status()).as(context).isNotEqualTo(ExitCode.INTERNAL);
    } else {
      // 4: the run stopped at one of the suite's limits and said so (the TRUNCATED status)
      assertThat(c.status()).as(context).isIn(0, 1, ExitCode.BAD_INPUT, TRUNCATED);
    }
    if (c.status() == ExitCode.BAD_INPUT && !shell) {
      assertThat(c.err().strip()).as(context).isNotEmpty().doesNotContain("\n");
    }
    assertThat(all)
        .as(context)
        .doesNotContainPattern("\\n\\s+at [a-zA-Z_$.]+\\(")
        .doesNotContain("Exception")
        .doesNotContain("com.typesafe")
        .doesNotContain("org.apache.pekko")
        .doesNotContain("Config#resolve")
        .doesNotContain("No enum constant")
        .doesNotContain("(null)")
        .doesNotContainPattern("[A-Za-z]@[0-9a-f]{6,8}\\b");
  }

  private static Path write(String kind, String text) {
    try {
      Path file = DIR.resolve(kind + FILES.incrementAndGet() + ".conf");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String path) {
    try (InputStream in = BadInputSuite.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("kmodsim-bad-input");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodsim.cpu.Commands;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolExit;
import org.kmodsim.userspace.kmod.ModprobeOptions.Flag;

/**
 * modprobe's pure halves: the command line (kmod 30 tools/modprobe.c do_modprobe's cmdopts_s and
 * cmdopts with glibc getopt_long; module-init-tools 3.9 modprobe.c main) and the plan (kmod 30
 * modprobe.c insmod(), rmmod_do_module, libkmod-module.c kmod_module_probe_insert_module,
 * module_do_install_commands, command_do; module-init-tools 3.9 modprobe.c insmod(), rmmod(),
 * handle_module, logging.c). Expected texts are the format strings of those functions.
 */
class ModprobeTest {
  /** libkmod's ERR as Debian's kmod 30 prints it through modprobe's log_kmod (ENABLE_DEBUG). */
  private static final String COMMAND_DO =
      "modprobe: ERROR: ../libkmod/libkmod-module.c:1047 command_do() ";

  private final ModuleRepository samples = new ModuleRepository("", Era.V6_X);
  private final ModuleRepository samples26 = new ModuleRepository("", Era.V2_6);

  private static List<String> words(String line) {
    return line.isBlank() ? List.of() : Arrays.asList(line.trim().split(" +"));
  }

  private static String shown(ToolExit exit) {
    if (exit == null) {
      return "RUN";
    }
    return (exit.out().isEmpty() ? "" : "O:" + exit.out())
        + (exit.err().isEmpty() ? "" : "E:" + exit.err())
        + "exit "
        + exit.status();
  }

  @ParameterizedTest(name = "modprobe {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // getopt_long's own messages, then do_modprobe's "case '?': err = -1" (EXIT_FAILURE)
        "-Z hello | E:modprobe: invalid option -- 'Z'\\nexit 1",
        "hello -rZ | E:modprobe: invalid option -- 'Z'\\nexit 1",
        "-C | E:modprobe: option requires an argument -- 'C'\\nexit 1",
        "hello --config | E:modprobe: option '--config' requires an argument\\nexit 1",
        "--show hello | RUN",
        "--sho hello | E:modprobe: option '--sho' is ambiguous; possibilities: '--show-depends'"
            + " '--showconfig' '--show-config' '--show-modversions' '--show-exports'"
            + " '--show'\\nexit 1",
        "--remove=1 x | E:modprobe: option '--remove' doesn't allow an argument\\nexit 1",
        // ERR("missing parameters. See -h.\\n") after log_open
        "' ' | E:modprobe: ERROR: missing parameters. See -h.\\nexit 1",
        "-- | E:modprobe: ERROR: missing parameters. See -h.\\nexit 1",
        "-s | exit 1",
        "-c | RUN",
        // case 'w': strtoul, ERR("unexpected wait value '%s'.\\n")
        "-w x1 a | E:modprobe: ERROR: unexpected wait value 'x1'.\\nexit 1",
        "-w 0x a | E:modprobe: ERROR: unexpected wait value '0x'.\\nexit 1",
        "-w 08 a | E:modprobe: ERROR: unexpected wait value '08'.\\nexit 1",
        "-w 100 a | RUN",
        "-w -1 a | RUN",
        "--dirname=/ a | E:modprobe: --dirname is not modelled\\nexit 2",
        "--remove-holders -r a | RUN",
        "--remove-dependencies a | RUN",
        "--dump-modversions a.ko | E:modprobe: --show-modversions is not modelled\\nexit 2",
        "-V | O:kmod version 30\\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\\nexit 0",
        "-Vx | O:kmod version 30\\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\\nexit 0",
        "-xV | E:modprobe: invalid option -- 'x'\\nexit 1",
        "-k hello | E:modprobe: invalid option -- 'k'\\nexit 1",
        "-rv hello | RUN",
      })
  void kmod30ReadsItsCommandLineAsGetoptLongDoes(String line, String expected) {
    String want = expected.replace("\\n", "\n");
    assertThat(shown(ModprobeOptions.parse(words(line), Era.V6_X).exit())).isEqualTo(want);
  }

  @Test
  void optionsAfterTheModuleArePermutedAndEveryOperandIsAModuleUnderRemoveOrAll() {
    // GNU getopt_long permutes: "hello -r" is -r; rmmod_all takes every operand as a module
    ModprobeOptions remove = ModprobeOptions.parse(words("hello -rv whom=x"), Era.V6_X);
    assertThat(remove.has(Flag.REMOVE)).isTrue();
    assertThat(remove.verbose()).isEqualTo(ModprobeOptions.DEFAULT_VERBOSE + 1);
    assertThat(remove.names()).containsExactly("hello", "whom=x");
    // insmod(ctx, args[0], opts): the rest are options_from_array's parameters; "--" ends options
    ModprobeOptions load = ModprobeOptions.parse(words("-q hello -- -r whom=x"), Era.V6_X);
    assertThat(load.names()).containsExactly("hello");
    assertThat(load.params()).containsExactly("-r", "whom=x");
    assertThat(load.quiet()).isTrue();
    // -f: KMOD_PROBE_FORCE_MODVERSION | KMOD_PROBE_FORCE_VERMAGIC
    assertThat(ModprobeOptions.parse(words("-f a"), Era.V6_X).flags())
        .contains(Flag.FORCE, Flag.FORCE_MODVERSION, Flag.FORCE_VERMAGIC);
    assertThat(ModprobeOptions.parse(words("-k a"), Era.V2_4).has(Flag.AUTOCLEAN)).isTrue();
    assertThat(ModprobeOptions.parse(words("-h"), Era.V6_X).exit().out())
        .startsWith("Usage:\n\tmodprobe [options] [-i] [-b] modulename\n");
  }

  @Test
  void moduleInitTools39PrintsItsUsageForABadOptionAndAMissingModule() {
    // modprobe.c main: default: print_usage(argv[0]) (stderr, exit 1); -V: puts(PACKAGE " version
    // ")
    String usage = ModprobeOptions.MIT_USAGE;
    assertThat(shown(ModprobeOptions.parse(words("-Z x"), Era.V2_6).exit()))
        .isEqualTo("E:modprobe: invalid option -- 'Z'\n" + usage + "exit 1");
    assertThat(shown(ModprobeOptions.parse(words("-Q x"), Era.V2_6).exit()))
        .isEqualTo("E:" + usage + "exit 1");
    assertThat(shown(ModprobeOptions.parse(words("-q"), Era.V2_6).exit()))
        .isEqualTo("E:" + usage + "exit 1");
    assertThat(ModprobeOptions.parse(words("-r"), Era.V2_6).exit()).isNull();
    assertThat(shown(ModprobeOptions.parse(words("-V"), Era.V2_6).exit()))
        .isEqualTo("O:module-init-tools version 3.9\nexit 0");
  }

  private ModprobePlan plan(Era era, String line, String procModules, ModprobeConfig config) {
    ModuleRepository repository = era == Era.V2_6 ? samples26 : samples;
    ModprobeOptions options = ModprobeOptions.parse(words(line), era);
    ModprobeTree tree =
        config == null
            ? ModprobeTree.of(repository, era, List.of())
            : ModprobeTree.of(repository, era, config);
    return ModprobePlan.of(options, tree, era, Commands.standard(), procModules);
  }

  private static String describe(ModprobePlan plan) {
    return plan.actions().stream()
        .map(
            a -> {
              if (a instanceof ModprobePlan.Insert i) {
                return "insert " + i.name();
              } else if (a instanceof ModprobePlan.Remove r) {
                return "remove " + r.name();
              } else if (a instanceof ModprobePlan.Run r) {
                return r.type() + " " + r.line();
              } else if (a instanceof ModprobePlan.Print p) {
                return ("print " + p.out() + p.err()).trim();
              }
              return "insmod24";
            })
        .collect(Collectors.joining("; "));
  }

  private static final String IMPORTER_LOADED =
      "importer 16384 0 - Live 0x0\nexporter 16384 1 importer, Live 0x0\n";

  @Test
  void removeTakesTheModuleThenTheDependenciesNobodyUses() {
    // rmmod_do_module 3. the module, 4. "Other modules that became unused" (refcnt 0)
    assertThat(describe(plan(Era.V6_X, "-r importer", IMPORTER_LOADED, null)))
        .isEqualTo("remove importer; remove exporter");
    assertThat(describe(plan(Era.V6_X, "-r exporter", IMPORTER_LOADED, null)))
        .isEqualTo("print modprobe: FATAL: Module exporter is in use.");
    // -a: modprobe.c's LOG is LOG_WARNING, so it goes on; -q hides LOG and ERR
    ModprobePlan all = plan(Era.V6_X, "-r -a nosuch importer", IMPORTER_LOADED, null);
    assertThat(describe(all))
        .isEqualTo(
            "print modprobe: WARNING: Module nosuch not found.; remove importer; remove exporter");
    ModprobePlan quiet = plan(Era.V6_X, "-q nosuch", "", null);
    assertThat(describe(quiet)).isEqualTo("print");
    quiet.printed((ModprobePlan.Print) quiet.actions().get(0));
    assertThat(quiet.status()).isEqualTo(1);
    // -D: ignore_loaded and dry_run, SHOW("rmmod %s\n"); deps in use stay (refcnt read live)
    assertThat(plan(Era.V6_X, "-r -D importer", IMPORTER_LOADED, null).shown())
        .isEqualTo("rmmod importer\n");
  }

  @Test
  void waitSkipsTheInUseCheckAndRemoveHoldersTakesTheHoldersFirst() {
    // kmod 30 rmmod_do_module: "3. @mod itself, but check for refcnt first" only without wait_msec
    assertThat(ModprobeOptions.parse(words("-r --wait=10 exporter"), Era.V6_X).waitMsec())
        .isEqualTo(10);
    assertThat(ModprobeOptions.parse(words("-w -1 x"), Era.V6_X).waitMsec()).isEqualTo(-1L);
    assertThat(ModprobeOptions.parse(words("-w 010 x"), Era.V6_X).waitMsec()).isEqualTo(8);
    assertThat(ModprobeOptions.parse(words("-w 0x10 x"), Era.V6_X).waitMsec()).isEqualTo(16);
    assertThat(describe(plan(Era.V6_X, "-r --wait=10 exporter", IMPORTER_LOADED, null)))
        .isEqualTo("remove exporter");
    // 2. "Other modules holding @mod": kmod_module_get_holders, rmmod_do_modlist(holders, true)
    assertThat(describe(plan(Era.V6_X, "-r --remove-holders exporter", IMPORTER_LOADED, null)))
        .isEqualTo("remove importer; remove exporter; remove exporter");
    assertThat(plan(Era.V6_X, "-r -D --remove-holders exporter", IMPORTER_LOADED, null).shown())
        .isEqualTo("rmmod importer\nrmmod exporter\n");
    // a holder in use: its own step 3 is LOG_CRIT, modprobe exits
    String held = IMPORTER_LOADED.replace("importer 16384 0 -", "importer 16384 1 hello,");
    assertThat(describe(plan(Era.V6_X, "-r --remove-holders exporter", held, null)))
        .isEqualTo("print modprobe: FATAL: Module importer is in use.");
    // 2.4 modutils: neither option
    assertThat(shown(ModprobeOptions.parse(words("-r -w 5 x"), Era.V2_4).exit()))
        .isEqualTo("E:modprobe: --wait is not modelled\nexit 2");
    assertThat(shown(ModprobeOptions.parse(words("-r --remove-holders x"), Era.V2_4).exit()))
        .isEqualTo("E:modprobe: --remove-holders is not modelled\nexit 2");
  }

  @Test
  void removeAppliesSoftdepsPostFirstAndPreLastAsRmmodDoModule() {
    // kmod 30 tools/modprobe.c rmmod_do_module: kmod_module_get_softdeps, then "1. @mod's
    // post-softdeps in reverse order", "3. @mod itself", "4. Other modules that became unused",
    // "5. @mod's pre-softdeps in reverse order"; rmmod_do_modlist walks kmod_list_foreach_reverse
    ModprobeConfig config =
        ModprobeConfig.parse(
            "/etc/modprobe.d/t.conf",
            "softdep importer pre: hello chardev post: positive slowinit\n");
    String loaded =
        IMPORTER_LOADED
            + "hello 16384 0 - Live 0x0\nchardev 16384 0 - Live 0x0\n"
            + "positive 16384 0 - Live 0x0\nslowinit 16384 0 - Live 0x0\n";
    assertThat(describe(plan(Era.V6_X, "-r importer", loaded, config)))
        .isEqualTo(
            "remove slowinit; remove positive; remove importer; remove exporter; remove chardev;"
                + " remove hello");
    // -D (ignore_loaded, do_show): SHOW("rmmod %s\n") of rmmod_do_remove_module, same order
    assertThat(plan(Era.V6_X, "-r -D importer", loaded, config).shown())
        .isEqualTo("rmmod slowinit\nrmmod positive\nrmmod importer\nrmmod chardev\nrmmod hello\n");
    // a softdep not loaded: its rmmod_do_module returns 0 at the quick initstate check
    String some = IMPORTER_LOADED + "hello 16384 0 - Live 0x0\n";
    assertThat(describe(plan(Era.V6_X, "-r importer", some, config)))
        .isEqualTo("remove importer; remove exporter; remove hello");
    // the module not loaded: "Quick check" comes before step 1, so no softdep is touched
    assertThat(describe(plan(Era.V6_X, "-r importer", "hello 16384 0 - Live 0x0\n", config)))
        .isEmpty();
    // in use: step 3's LOG("Module %s is in use.\n") (LOG_CRIT: log_printf exits) after step 1,
    // so the post: softdeps are gone and the pre: ones stay
    String used = loaded.replace("importer 16384 0 -", "importer 16384 1 hello,");
    assertThat(describe(plan(Era.V6_X, "-r importer", used, config)))
        .isEqualTo(
            "remove slowinit; remove positive; print modprobe: FATAL: Module importer is in use.");
    // rmmod_do_modlist(post, false): a softdep's failed delete_module stops nothing else
    ModprobePlan failing = plan(Era.V6_X, "-r importer", loaded, config);
    ModprobePlan.Remove slowinit = (ModprobePlan.Remove) failing.actions().get(0);
    assertThat(failing.removed(slowinit, Errno.EBUSY).err())
        .isEqualTo("modprobe: ERROR: could not remove 'slowinit': Device or resource busy\n");
    assertThat(failing.actions().subList(1, 6)).noneMatch(failing::skipped);
    // the module's own failure (goto error) skips steps 4 and 5
    ModprobePlan.Remove importer = (ModprobePlan.Remove) failing.actions().get(2);
    failing.removed(importer, Errno.EBUSY);
    assertThat(failing.actions().subList(3, 6)).allMatch(failing::skipped);
    // -i (ignore_commands): kmod_module_get_softdeps is not called
    assertThat(describe(plan(Era.V6_X, "-r -i importer", loaded, config)))
        .isEqualTo("remove importer; remove exporter");
  }

  @Test
  void insertFailureNamesTheModuleAskedForAndSoftdepErrorsAreIgnored() {
    ModprobePlan plan = plan(Era.V6_X, "importer", "", null);
    assertThat(describe(plan)).isEqualTo("insert exporter; insert importer");
    ModprobePlan.Insert exporter = (ModprobePlan.Insert) plan.actions().get(0);
    // insmod(): ERR("could not insert '%s': %s\n", kmod_module_get_name(mod), ...) of the target
    assertThat(plan.inserted(exporter, Errno.ENOENT).err())
        .isEqualTo(
            "modprobe: ERROR: could not insert 'importer': Unknown symbol in module, or unknown"
                + " parameter (see dmesg)\n");
    assertThat(plan.skipped(plan.actions().get(1))).isTrue();
    assertThat(plan.status()).isEqualTo(1);
    // --first-time on a loaded module: KMOD_PROBE_FAIL_ON_LOADED, -EEXIST
    assertThat(describe(plan(Era.V6_X, "--first-time importer", IMPORTER_LOADED, null)))
        .isEqualTo("print modprobe: ERROR: could not insert 'importer': Module already in kernel");
    assertThat(plan(Era.V6_X, "-R char-major-42", "", null).shown()).isEqualTo("chardev\n");
  }

  @Test
  void installAndRemoveCommandsRunAsTheMachinesPrograms() {
    ModprobeConfig config =
        ModprobeConfig.parse(
            "/etc/modprobe.d/t.conf",
            "install hello /bin/true $CMDLINE_OPTS\n"
                + "install nothere /bin/false\n"
                + "remove hello /sbin/modprobe -r --ignore-remove hello\n"
                + "install piped echo x | cat\n");
    // print_action: "install %s %s\n" with the command as configured and the options
    assertThat(plan(Era.V6_X, "-n -v hello a=1", "", config).shown())
        .isEqualTo("install /bin/true $CMDLINE_OPTS a=1\n");
    ModprobePlan hello = plan(Era.V6_X, "hello a=1", "", config);
    assertThat(describe(hello)).isEqualTo("install /bin/true a=1");
    // -i: KMOD_PROBE_IGNORE_COMMAND; kmod_lookup_alias_from_commands finds a name with no file
    assertThat(describe(plan(Era.V6_X, "-i hello", "", config))).isEqualTo("insert hello");
    ModprobePlan nothere = plan(Era.V6_X, "nothere", "", config);
    ModprobePlan.Run run = (ModprobePlan.Run) nothere.actions().get(0);
    // libkmod command_do's ERR, then insmod()'s strerror(EINVAL)
    assertThat(nothere.ran(run, 1).err())
        .isEqualTo(
            COMMAND_DO
                + "Error running install command '/bin/false' for module nothere:"
                + " retcode 1\n"
                + "modprobe: ERROR: could not insert 'nothere': Invalid argument\n");
    assertThat(nothere.status()).isEqualTo(1);
    assertThat(describe(plan(Era.V6_X, "-r hello", "hello 1 0 - Live 0x0\n", config)))
        .isEqualTo("remove /sbin/modprobe -r --ignore-remove hello");
    ModprobePlan piped = plan(Era.V6_X, "piped", "", config);
    assertThat(describe(piped))
        .isEqualTo(
            "print modprobe: install commands other than programs and ';' lists is not modelled:"
                + " echo x | cat");
    piped.printed((ModprobePlan.Print) piped.actions().get(0));
    assertThat(piped.status()).isEqualTo(2);
  }

  @Test
  void moduleInitTools39ReportsADependencysFailureForEachModuleAbove() {
    ModprobePlan plan = plan(Era.V2_6, "importer", "", null);
    assertThat(describe(plan)).isEqualTo("insert exporter; insert importer");
    ModprobePlan.Insert exporter = (ModprobePlan.Insert) plan.actions().get(0);
    assertThat(exporter.info().syscall()).isEqualTo("init_module");
    // insmod(): the dependency's own error only under -v (error == warn), then
    // error("Error inserting %s (%s): %s\n") of the module above: fatal()
    assertThat(plan.inserted(exporter, Errno.ENOENT).err())
        .isEqualTo(
            "FATAL: Error inserting importer (/lib/modules/2.6.32/importer.conf): Unknown symbol"
                + " in module, or unknown parameter (see dmesg)\n");
    assertThat(plan.status()).isEqualTo(1);
    assertThat(plan.skipped(plan.actions().get(1))).isTrue();
    // handle_module: "Module %s not found." unless quiet
    assertThat(describe(plan(Era.V2_6, "nosuch", "", null)))
        .isEqualTo("print FATAL: Module nosuch not found.");
    assertThat(describe(plan(Era.V2_6, "-q nosuch", "", null))).isEqualTo("print");
    // rmmod(): "Module %s is in use." (fatal for the module asked for)
    assertThat(describe(plan(Era.V2_6, "-r exporter", IMPORTER_LOADED, null)))
        .isEqualTo("print FATAL: Module exporter is in use.");
    assertThat(describe(plan(Era.V2_6, "-r importer", IMPORTER_LOADED, null)))
        .isEqualTo("remove importer; remove exporter");
    // info("insmod %s %s\n") under --show-depends
    assertThat(plan(Era.V2_6, "--show-depends importer", "", null).shown())
        .isEqualTo(
            "insmod /lib/modules/2.6.32/exporter.conf \n"
                + "insmod /lib/modules/2.6.32/importer.conf \n");
  }
}

package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolExit;

/** The pure halves of kmod's tools (tools/modprobe.c, insmod.c, rmmod.c, modinfo.c). */
class KmodCommandsTest {
  private final ModuleRepository samples = new ModuleRepository("", Era.V6_X);

  @Test
  void modprobeParsesOptionsUntilTheModuleNameAndKeepsTheRestAsParameters() {
    ModprobeCommand command =
        ModprobeCommand.parse(
            List.of("-q", "--first-time", "-f", "hello", "-r", "whom=x"), samples, Era.V6_X);
    assertThat(command.module()).isEqualTo("hello");
    assertThat(command.args()).containsExactly("-r", "whom=x");
    assertThat(command.firstTime()).isTrue();
    assertThat(command.force()).isTrue();
    assertThat(command.remove()).isFalse();
    assertThatThrownBy(() -> ModprobeCommand.parse(List.of("-k", "hello"), samples, Era.V6_X))
        .hasMessage("unknown option -k");
    assertThat(ModprobeCommand.parse(List.of("-k", "hello"), samples, Era.V2_4).autoclean())
        .isTrue();
    assertThatThrownBy(() -> ModprobeCommand.parse(List.of("-q"), samples, Era.V6_X))
        .hasMessage("missing module name");
  }

  @Test
  void modprobeLoadsDependenciesFirstAndRemovesTheModuleFirst() {
    Depmod.Result depmod = Depmod.run(samples, Era.V6_X);
    List<String> deps = depmod.dependencies().get("importer");
    assertThat(deps).isNotEmpty();
    ModprobeCommand load = ModprobeCommand.parse(List.of("importer"), samples, Era.V6_X);
    ModprobeCommand remove = ModprobeCommand.parse(List.of("-r", "importer"), samples, Era.V6_X);
    assertThat(load.order(depmod)).endsWith("importer").containsAll(deps);
    assertThat(remove.order(depmod)).startsWith("importer").containsAll(deps);
    assertThat(load.showDepends(List.of(new ProbeList.Entry("importer", false)), samples))
        .isEqualTo("insmod " + samples.byName("importer").shownPath() + " \n");
  }

  @Test
  void modprobeDecidesFromProcModulesWhatIsLeftToDo() {
    List<ProcModules.Line> loaded = List.of(new ProcModules.Line("hello", 100, 1, List.of()));
    ModprobeCommand load = ModprobeCommand.parse(List.of("hello"), samples, Era.V6_X);
    ModprobeCommand remove = ModprobeCommand.parse(List.of("-r", "hello"), samples, Era.V6_X);
    assertThat(load.loaded(loaded)).isNull(); // already in the kernel: nothing to do
    assertThat(load.loaded(List.of())).isEmpty();
    assertThat(remove.inUse(loaded)).isEqualTo("modprobe: FATAL: Module hello is in use.\n");
    assertThat(load.inUse(loaded)).isNull();
    assertThat(ModprobeCommand.error(Errno.ENOENT))
        .isEqualTo("Unknown symbol in module, or unknown parameter (see dmesg)");
    ModprobeCommand quiet =
        ModprobeCommand.parse(List.of("-k", "-f", "hello", "a=1"), samples, Era.V2_4);
    assertThat(quiet.insmod24("hello", "/lib/hello.o"))
        .containsExactly("-k", "-q", "-f", "/lib/hello.o", "a=1");
  }

  @Test
  void insmodTakesTheFirstOperandAsTheFileAndReadsOptionsAnywhereAsGetoptLongDoes() {
    // kmod 30 tools/insmod.c do_insmod: GNU getopt_long permutes, so "-f" after the file is -f
    InsmodCommand command = InsmodCommand.parse(List.of("-s", "hello.ko", "-f", "a=1"));
    assertThat(command.file()).isEqualTo("hello.ko");
    assertThat(command.params()).containsExactly("a=1");
    assertThat(command.force()).isTrue();
    assertThat(command.exit()).isNull();
    assertThat(InsmodCommand.parse(List.of("hello.ko", "--", "-f")).params()).containsExactly("-f");
    assertThat(InsmodCommand.parse(List.of("-x", "hello.ko")).exit().status()).isEqualTo(1);
    assertThat(command.couldNotInsert(InsmodCommand.error(Errno.ENOEXEC)))
        .isEqualTo("insmod: ERROR: could not insert module hello.ko: Invalid module format\n");
    // do_insmod: -f sets MODULE_INIT_IGNORE_MODVERSIONS | MODULE_INIT_IGNORE_VERMAGIC
    LoadInfo info = command.info(samples.byName("hello").definition(Era.V6_X), "inode:1");
    assertThat(info.syscall()).isEqualTo("finit_module");
    assertThat(info.args()).isEqualTo(ModuleArgs.join(List.of("a=1")));
    assertThat(info.ignoreVermagic()).isTrue();
    assertThat(info.ignoreModversions()).isTrue();
    assertThat(info.inode()).isEqualTo("inode:1");
    // module-init-tools 3.9 insmod.c: init_module(2) with the file's image
    assertThat(
            ModuleInitTools.insmod(List.of("hello.ko"))
                .info(samples.byName("hello").definition(Era.V2_6), "inode:1")
                .syscall())
        .isEqualTo("init_module");
  }

  @Test
  void lsmodReadsTheErasFilesAndTheOld24OneTakesNoArgumentsButItsOptions() {
    assertThat(LsmodCommand.files(Era.V6_X)).containsExactly("/proc/modules");
    assertThat(LsmodCommand.files(Era.V2_4))
        .containsExactly("/proc/sys/kernel/tainted", "/proc/modules");
    assertThat(LsmodCommand.exit(Era.V6_X, List.of())).isNull();
    assertThat(LsmodCommand.exit(Era.V6_X, List.of("-h")))
        .isEqualTo(ToolExit.failure(1, "Usage: lsmod"));
    assertThat(LsmodCommand.exit(Era.V2_4, List.of("-h")).err()).isEqualTo(Lsmod24.USAGE);
    assertThat(LsmodCommand.render(Era.V6_X, List.of("hello 16384 0 - Live 0x0\n"), true))
        .isEqualTo("Module                  Size  Used by\nhello                  16384  0\n");
    assertThat(LsmodCommand.render(Era.V2_4, List.of("1\n", ""), true))
        .isEqualTo(Lsmod24.header(1));
  }

  @Test
  void rmmodRefusesAModuleInUseOrNotLoaded() {
    List<ProcModules.Line> lines =
        List.of(
            new ProcModules.Line("a", 1, 0, List.of("b", "c")),
            new ProcModules.Line("d", 1, 2, List.of()),
            new ProcModules.Line("e", 1, 0, List.of()));
    assertThat(RmmodCommand.inUse(lines, "a")).isEqualTo("Module a is in use by: b c");
    assertThat(RmmodCommand.inUse(lines, "d")).isEqualTo("Module d is in use");
    assertThat(RmmodCommand.inUse(lines, "e")).isNull();
    assertThat(RmmodCommand.inUse(lines, "z")).isEqualTo("Module z is not currently loaded");
    assertThat(RmmodCommand.parse(List.of("-a"), Era.V2_4).autoclean()).isTrue();
    assertThat(RmmodCommand.parse(List.of("-a"), Era.V6_X).exit().err())
        .isEqualTo("rmmod: invalid option -- 'a'\n");
    // module-init-tools 3.9 rmmod.c main: -w clears O_NONBLOCK
    RmmodCommand wait = RmmodCommand.parse(List.of("-w", "x.ko"), Era.V2_6);
    assertThat(wait.names()).containsExactly("x");
    assertThat(wait.blocking()).isTrue();
    assertThat(wait.force()).isFalse();
  }
}

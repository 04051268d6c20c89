package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolExit;

/** The pure halves of kmod's tools (tools/insmod.c, rmmod.c, modinfo.c; modprobe: ModprobeTest). */
class KmodCommandsTest {
  private final ModuleRepository samples = new ModuleRepository("", Era.V6_X);

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
    // glibc 2.3's getopt (posix/getopt.c of glibc-2.3.2: "%s: invalid option -- %c\n")
    assertThat(LsmodCommand.exit(Era.V2_4, List.of("-x")).err())
        .isEqualTo("lsmod: invalid option -- x\n" + Lsmod24.USAGE);
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

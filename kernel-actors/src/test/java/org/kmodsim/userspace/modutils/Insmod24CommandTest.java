package org.kmodsim.userspace.modutils;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Errno;

/** modutils 2.4 insmod's command line (insmod/insmod.c getopt) and messages, without a CPU. */
class Insmod24CommandTest {
  @Test
  void optionsMayFollowTheFileAndUnknownOnesAreBad() {
    Insmod24Command command = Insmod24Command.parse(List.of("-k", "hello", "-q", "a=1", "-L"));
    assertThat(command)
        .isEqualTo(new Insmod24Command(false, true, true, "hello", List.of("a=1"), false));
    assertThat(command.isPath()).isFalse();
    assertThat(Insmod24Command.parse(List.of("-z", "./x.o")).bad()).isTrue();
    assertThat(Insmod24Command.parse(List.of("./x.o")).isPath()).isTrue();
  }

  @Test
  void createModuleFailuresReadAsModutilsWritesThem() {
    assertThat(Insmod24Command.createFailed("x.o", Errno.ENOMEM, 4096))
        .isEqualTo("x.o: can't allocate kernel memory for module; needed 4096 bytes\n");
    assertThat(Insmod24Command.createFailed("x.o", Errno.EPERM, 1))
        .isEqualTo("x.o: create_module: " + Errno.EPERM.message() + "\n");
  }

  @Test
  void unresolvedSymbolsAreListedOneALine() {
    assertThat(Modutils24.unresolved("x.o", List.of("a", "b"), "GPL", ""))
        .isEqualTo("x.o: unresolved symbol a\nx.o: unresolved symbol b\n");
  }
}

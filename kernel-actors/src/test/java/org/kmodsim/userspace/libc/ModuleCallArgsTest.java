package org.kmodsim.userspace.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.ModuleQuery;
import org.kmodsim.userspace.ModuleRepository;

/** The module system calls' arguments as the step language writes them. */
class ModuleCallArgsTest {
  @Test
  void finitModuleTakesItsFlagsApartFromTheParameters() {
    ModuleCallArgs.Load load =
        ModuleCallArgs.Load.parse(List.of("hello.ko", "flags=0x3", "a=1"), true);
    assertThat(load).isEqualTo(new ModuleCallArgs.Load("hello.ko", List.of("a=1"), 3, true));
    assertThat(ModuleCallArgs.Load.parse(List.of("x", "flags=1"), false).params())
        .containsExactly("flags=1");
    assertThatThrownBy(() -> ModuleCallArgs.Load.parse(List.of("x", "flags=z"), true))
        .hasMessage("bad flags 'flags=z'");
  }

  @Test
  void theOldCallsParseTheirNumbersAndNull() {
    assertThat(ModuleCallArgs.Create.parse(List.of("m", "0x100")).size()).isEqualTo(256);
    assertThatThrownBy(() -> ModuleCallArgs.Create.parse(List.of("m", "ten")))
        .hasMessage("bad size 'ten'");
    ModuleCallArgs.Query query = ModuleCallArgs.Query.parse(List.of("NULL", "QM_MODULES"));
    assertThat(query.name()).isNull();
    assertThat(query.which()).isEqualTo(ModuleQuery.QM_MODULES);
    assertThat(query.bufsize()).isEqualTo(-1);
    ModuleCallArgs.Init24 init =
        ModuleCallArgs.Init24.parse(List.of("m", "m.o", "MOD_AUTOCLEAN", "a=1"));
    assertThat(init.autoclean()).isTrue();
    assertThat(init.params()).containsExactly("a=1");
  }

  @Test
  void aLoadIsRefusedBeforeTheKernelWithoutTheCallOrTheFileOrAModule() {
    ModuleRepository samples = new ModuleRepository("", Era.V6_X);
    ModuleCallArgs.Load finit = ModuleCallArgs.Load.parse(List.of("hello.conf"), true);
    ModuleCallArgs.Load init = ModuleCallArgs.Load.parse(List.of("hello.conf"), false);
    ModuleRepository.Found hello = samples.file("hello.conf");
    assertThat(finit.definition(hello, Era.V6_X).name()).isEqualTo("hello");
    assertThat(finit.definition(hello, Era.V2_6)).isNull();
    assertThat(finit.refused(hello, Era.V2_6)).isEqualTo(Errno.ENOSYS);
    assertThat(init.definition(hello, Era.V2_6)).isNotNull();
    assertThat(finit.refused(null, Era.V6_X)).isEqualTo(Errno.EBADF);
    assertThat(init.refused(null, Era.V6_X)).isEqualTo(Errno.EFAULT);
    ModuleRepository.Found junk = new ModuleRepository.Found("junk.conf", "junk.conf", "{", "i");
    assertThat(init.definition(junk, Era.V6_X)).isNull();
    assertThat(init.refused(junk, Era.V6_X)).isEqualTo(Errno.ENOEXEC);
  }

  @Test
  void deleteModuleTakesItsFlagsAndThe24CallANullName() {
    assertThat(ModuleCallArgs.Delete.parse(List.of("m", "O_TRUNC")))
        .isEqualTo(new ModuleCallArgs.Delete("m", false, true));
    assertThatThrownBy(() -> ModuleCallArgs.Delete.parse(List.of()))
        .hasMessage("needs a module name");
    assertThat(ModuleCallArgs.Delete.parse24(List.of()))
        .isEqualTo(new ModuleCallArgs.Delete(null, true, false));
  }
}

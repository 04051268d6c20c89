package org.kmodsim.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleArgsTest {
  @Test
  void joinQuotesAValueWithASpaceUnlessItIsQuotedAlready() {
    assertThat(ModuleArgs.join(List.of("howmany=2", "whom=big world", "tag=\"a b\"")))
        .isEqualTo("howmany=2 whom=\"big world\" tag=\"a b\"");
    assertThat(ModuleArgs.join(List.of())).isEmpty();
  }

  @Test
  void moduleNameDropsTheDirectoryAndSuffixAndSpellsDashesAsUnderscores() {
    assertThat(ModuleArgs.moduleName("/lib/modules/6.12.0/my-mod.ko")).isEqualTo("my_mod");
    assertThat(ModuleArgs.moduleName("hello.conf")).isEqualTo("hello");
    assertThat(ModuleArgs.moduleName("chardev.o")).isEqualTo("chardev");
    assertThat(ModuleArgs.moduleName("nf-conntrack")).isEqualTo("nf_conntrack");
  }
}

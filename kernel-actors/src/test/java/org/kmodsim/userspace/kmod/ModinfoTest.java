package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.userspace.ModuleRepository;

class ModinfoTest {
  @Test
  void modinfoPadsKeysToColumn16AndPrintsParmsLast() {
    ModuleRepository samples = new ModuleRepository("", Era.V6_X);
    ModuleRepository.Found file = samples.byName("hello");
    ModuleDefinition hello = ModuleFile.parse(file.fileName(), file.text(), Era.V6_X);
    assertThat(Modinfo.render(hello, "/lib/modules/6.12.0/hello.conf", null))
        .isEqualTo(
            "filename:       /lib/modules/6.12.0/hello.conf\n"
                + "version:        1.0\n"
                + "license:        GPL\n"
                + "author:         kmodsim\n"
                + "description:    Hello world with parameters\n"
                + "depends:        \n"
                + "name:           hello\n"
                + "vermagic:       6.12.0 SMP preempt mod_unload modversions \n"
                + "parm:           howmany:How many times to greet (int)\n"
                + "parm:           whom:Whom to greet (charp)\n"
                + "parm:           verbose:Log more (bool)\n"
                + "parm:           ids:Up to four ids (array of int)\n"
                + "parm:           tag:A short tag (string)\n");
    assertThat(Modinfo.render(hello, "x", "license")).isEqualTo("GPL\n");
  }

  /**
   * 2.6.32's modpost writes no name= into .modinfo (its .mod.c: MODULE_INFO(vermagic, ...), the
   * this_module, depends=); MODULE_INFO(name, KBUILD_MODNAME) is in the 4.19 and 6.12 .mod.c.
   */
  @Test
  void era26ModulesHaveNoNameField() {
    ModuleRepository samples = new ModuleRepository("", Era.V2_6);
    ModuleRepository.Found file = samples.byName("hello");
    ModuleDefinition hello = ModuleFile.parse(file.fileName(), file.text(), Era.V2_6);
    assertThat(Modinfo.render(hello, "hello.conf", null, false))
        .contains("depends:        \nvermagic:       2.6.32")
        .doesNotContain("\nname:");
    assertThat(Modinfo.render(hello, "hello.conf", null, true)).contains("name:           hello\n");
  }
}

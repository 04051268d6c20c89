package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.userspace.ModuleRepository;

/**
 * modutils 2.4's modinfo as its manual page describes it (modinfo(8), modutils 2.4: -a -d -f -l -n
 * -p -V; {@code %{filename}}, {@code %{kernel_version}}, {@code %{using_checksums}} "1 if the
 * module has versioned symbols and ... <none> otherwise", {@code %{parm}} repeated per parameter;
 * the default "filename, description, author, license and parameters"). The source of modinfo.c was
 * not available: the default layout is the model's reading of the tool's known output.
 */
class Modinfo24Test {
  private static ModuleDefinition sample(String name) {
    ModuleRepository samples = new ModuleRepository("", Era.V2_4);
    ModuleRepository.Found file = samples.byName(name);
    return ModuleFile.parse(file.fileName(), file.text(), Era.V2_4);
  }

  @Test
  void theDefaultShowsFilenameDescriptionAuthorLicenseAndTheMODULEPARMParameters() {
    ModuleDefinition old = sample("oldstyle");
    assertThat(Modinfo24.render(old, "/lib/modules/2.4.37/oldstyle.conf", Modinfo24.DEFAULT_FORMAT))
        .isEqualTo(
            "filename:    /lib/modules/2.4.37/oldstyle.conf\n"
                + "description: \"2.4 MODULE_PARM parameters\"\n"
                + "author:      <none>\n"
                + "license:     <none>\n"
                + "parm:        irq int array (min = 1, max = 4), description \"IRQ lines\"\n"
                + "parm:        io int, description \"I/O base\"\n"
                + "parm:        name string\n");
  }

  @Test
  void aFormatExpandsTagsAndTheKernelVersionNotVermagic() {
    ModuleDefinition hello = sample("hello");
    Modinfo24.Parsed parsed =
        Modinfo24.parse(List.of("-f", "%n %{kernel_version} %{vermagic} %{using_checksums}", "x"));
    assertThat(Modinfo24.render(hello, "hello.conf", parsed.format()))
        .isEqualTo("hello.conf \"2.4.37\" <none> <none>");
    Modinfo24.Parsed authorAndLicense = Modinfo24.parse(List.of("-a", "-l", "hello.conf"));
    assertThat(Modinfo24.render(hello, "hello.conf", authorAndLicense.format()))
        .isEqualTo("\"kmodsim\"\n\"GPL\"\n");
    assertThat(Modinfo24.parse(List.of("-V")).exit().err()).isEqualTo("modinfo version 2.4.27\n");
    // glibc 2.3's getopt_long messages (posix/getopt.c of glibc-2.3.2)
    assertThat(Modinfo24.parse(List.of("-F", "x")).exit().err())
        .isEqualTo("modinfo: invalid option -- F\n");
    assertThat(Modinfo24.parse(List.of("--form")).exit().err())
        .isEqualTo("modinfo: option `--form' requires an argument\n");
  }
}

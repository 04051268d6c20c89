package org.kmodsim.scenarios.machine;

import java.util.Map;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Utsname;
import org.kmodsim.kernel.module.KernelTree;
import org.kmodsim.sim.config.ConfigValues;

/**
 * The VFS's own files of uname(2), built once per configuration ({@link BootContext#settings}): a
 * real tree's release when the module directory is one.
 */
record UtsnameFiles(Map<String, String> files) {
  static UtsnameFiles of(BootContext boot) {
    return boot.settings(
        UtsnameFiles.class,
        b ->
            new UtsnameFiles(
                Utsname.of(
                        b.era(),
                        KernelTree.release(
                            ConfigValues.of(b.config(), "kmodsim.modules").string("directory"),
                            b.era()))
                    .procFiles()));
  }
}

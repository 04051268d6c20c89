package org.kmodsim.scenarios.cli;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import picocli.CommandLine.Option;

/** --kernel-tree, --symvers and --cmdline, for every command that boots a machine. */
public final class KernelTreeOptions {
  @Option(
      names = "--kernel-tree",
      paramLabel = "DIR",
      description =
          "A real /lib/modules/VERSION tree as the module directory (kmodsim.modules.directory):"
              + " the machine boots as its release; its Module.symvers gives the kernel's exports.")
  String kernelTree;

  @Option(
      names = "--symvers",
      paramLabel = "FILE",
      description =
          "A Module.symvers for the kernel's exports and CRCs (kmodsim.modules.symvers); default:"
              + " the tree's build/Module.symvers or Module.symvers.")
  String symvers;

  @Option(
      names = "--cmdline",
      paramLabel = "TEXT",
      description =
          "Text appended to the kernel command line, /proc/cmdline (kmodsim.machine.cmdline):"
              + " e.g. \"hello.howmany=3 modprobe.blacklist=foo\", which modprobe reads.")
  String cmdline;

  /** These options as configuration overrides; a missing directory or file is refused. */
  public void addTo(List<String> overrides) {
    if (kernelTree != null) {
      if (!Files.isDirectory(Paths.get(kernelTree))) {
        throw new IllegalArgumentException("--kernel-tree: " + kernelTree + " is not a directory");
      }
      overrides.add(
          "kmodsim.modules.directory=" + com.typesafe.config.ConfigUtil.quoteString(kernelTree));
    }
    if (cmdline != null) {
      overrides.add(
          "kmodsim.machine.cmdline=" + com.typesafe.config.ConfigUtil.quoteString(cmdline));
    }
    if (symvers != null) {
      if (!Files.isRegularFile(Paths.get(symvers))) {
        throw new IllegalArgumentException("--symvers: " + symvers + " is not a file");
      }
      overrides.add(
          "kmodsim.modules.symvers=" + com.typesafe.config.ConfigUtil.quoteString(symvers));
    }
  }
}

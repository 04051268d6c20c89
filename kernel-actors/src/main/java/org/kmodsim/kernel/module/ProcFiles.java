package org.kmodsim.kernel.module;

import java.util.List;
import java.util.TreeSet;
import org.kmodsim.cpu.Capability;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;

/**
 * The loader's files: /proc/modules (kernel/module/procfs.c), /proc/sys/kernel/tainted and
 * /proc/sys/kernel/modules_disabled (kernel/sysctl.c: 0644, modules_disabled only goes 0 to 1), and
 * the /sys/module directory (kernel/module/sysfs.c; a module's own files are {@link ModuleSysfs}).
 */
final class ProcFiles {
  private ProcFiles() {}

  /** The paths the loader mounts, in the order it mounts them. */
  static List<String> mounts(ModuleEra era) {
    if (!era.hasModulesDisabled()) {
      return List.of("/proc/modules", "/proc/sys/kernel/tainted");
    }
    return List.of(
        "/proc/modules",
        "/proc/sys/kernel/tainted",
        "/proc/sys/kernel/modules_disabled",
        "/sys/module");
  }

  /**
   * /sys/module/NAME/...: the module whose directory exists (from mod_sysfs_setup to free_module)
   * answers for its files; null for /sys/module itself or a directory that is not there, which
   * {@link #sysModule} answers.
   */
  static ModuleList.Entry sysModuleOwner(ModuleList modules, FileRequest request) {
    String rest = request.path().length() > 11 ? request.path().substring(12) : "";
    if (rest.isEmpty()) {
      return null;
    }
    String name = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    ModuleList.Entry entry = modules.get(name);
    return entry == null || !entry.sysfs ? null : entry;
  }

  /** /sys/module lists the modules whose directory exists; anything else under it is ENOENT. */
  static FileReply sysModule(ModuleList modules, FileRequest request) {
    String rest = request.path().length() > 11 ? request.path().substring(12) : "";
    if (!rest.isEmpty()) {
      return new FileReply.Failed(Errno.ENOENT, true);
    }
    TreeSet<String> names = new TreeSet<>();
    for (ModuleList.Entry entry : modules.newestFirst()) {
      if (entry.sysfs) {
        names.add(entry.name);
      }
    }
    return request instanceof FileRequest.List
        ? new FileReply.Listing(List.copyOf(names))
        : new FileReply.Failed(Errno.EISDIR, true);
  }

  /**
   * A read of /proc/modules (2.6+) prints addresses as kallsyms_show_value(cred) allows, which
   * depends on kptr_restrict as it is now: the loader asks {@link Kallsyms}, its owner, first.
   */
  static boolean needsShowValue(ModuleInternal kernel, FileRequest request) {
    return request instanceof FileRequest.Read
        && request.path().equals("/proc/modules")
        && !kernel.era().userSpaceLinker();
  }

  /** {@code showAddresses}: the kallsyms_show_value answer for a /proc/modules read. */
  static FileReply answer(ModuleInternal kernel, FileRequest request, boolean showAddresses) {
    if (request instanceof FileRequest.List) {
      return new FileReply.Failed(Errno.ENOTDIR, true);
    }
    switch (request.path()) {
      case "/proc/modules" -> {
        if (request instanceof FileRequest.Write) {
          return new FileReply.Failed(Errno.EACCES, true);
        }
        return new FileReply.Content(
            ProcModules.render(kernel.modules().views(), kernel.era().era(), showAddresses));
      }
      case "/proc/sys/kernel/tainted" -> {
        if (request instanceof FileRequest.Write write) {
          return writeTainted(kernel, write);
        }
        return new FileReply.Content(Taint.maskOf(kernel.tainted()) + "\n");
      }
      default -> {
        if (request instanceof FileRequest.Write write) {
          return writeModulesDisabled(kernel, write);
        }
        return new FileReply.Content((kernel.modulesDisabled() ? 1 : 0) + "\n");
      }
    }
  }

  /** Writing tainted can only add bits (CAP_SYS_ADMIN). */
  private static FileReply writeTainted(ModuleInternal kernel, FileRequest.Write write) {
    if (!write.cred().isRoot()) {
      return new FileReply.Failed(Errno.EACCES, true);
    }
    try {
      long mask = Long.parseLong(write.data().trim());
      List<Taint> added = new java.util.ArrayList<>();
      for (Taint taint : Taint.values()) {
        if ((mask & taint.mask()) != 0) {
          added.add(taint);
        }
      }
      kernel.taintFromProc(added);
      return new FileReply.Written(write.data().length());
    } catch (NumberFormatException e) {
      return new FileReply.Failed(Errno.EINVAL, false);
    }
  }

  private static FileReply writeModulesDisabled(ModuleInternal kernel, FileRequest.Write write) {
    if (!write.cred().isRoot()) {
      return new FileReply.Failed(Errno.EACCES, true);
    }
    if (!write.cred().has(Capability.CAP_SYS_MODULE)) {
      return new FileReply.Failed(Errno.EPERM, false);
    }
    String value = write.data().trim();
    if (value.equals("1")) {
      kernel.disableModules();
    } else if (!(value.equals("0") && !kernel.modulesDisabled())) {
      return new FileReply.Failed(Errno.EINVAL, false);
    }
    return new FileReply.Written(write.data().length());
  }
}

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

  /**
   * A write of tainted. 2.4 (kernel/sysctl.c of 2.4.27 and 2.4.32: KERN_TAINTED, proc_dointvec,
   * 0644) sets the int as written, so root can clear it. From 2.6 proc_taint (v2.6.32
   * kernel/sysctl.c) refuses a writer without CAP_SYS_ADMIN with EPERM, reads one unsigned long
   * (proc_doulongvec_minmax) and can only add bits, add_taint for each.
   */
  private static FileReply writeTainted(ModuleInternal kernel, FileRequest.Write write) {
    if (!write.cred().isRoot()) {
      return new FileReply.Failed(Errno.EACCES, true);
    }
    boolean v24 = kernel.era().userSpaceLinker();
    if (!v24 && !write.cred().has(Capability.CAP_SYS_ADMIN)) {
      return new FileReply.Failed(Errno.EPERM, false);
    }
    try {
      long mask = Long.parseLong(write.data().trim());
      if (mask < 0 && !v24) {
        return new FileReply.Failed(Errno.EINVAL, false);
      }
      List<Taint> bits = new java.util.ArrayList<>();
      for (Taint taint : Taint.values()) {
        if ((mask & taint.mask()) != 0) {
          bits.add(taint);
        }
      }
      if (v24) {
        kernel.setTaintedFromProc(bits);
      } else {
        kernel.taintFromProc(bits);
      }
      return new FileReply.Written(write.data().length());
    } catch (NumberFormatException e) {
      return new FileReply.Failed(Errno.EINVAL, false);
    }
  }

  /**
   * modules_disabled: proc_dointvec_minmax with extra1 = extra2 = 1 ("only handle a transition from
   * default "0" to "1""; v2.6.32 kernel/sysctl.c kern_table, 6.x kernel/module/main.c
   * module_sysctl_table), so anything but 1 is EINVAL, even 0 while it is 0. No capability is
   * tested: the file's mode (0644, root) is the whole check.
   */
  private static FileReply writeModulesDisabled(ModuleInternal kernel, FileRequest.Write write) {
    if (!write.cred().isRoot()) {
      return new FileReply.Failed(Errno.EACCES, true);
    }
    if (!write.data().trim().equals("1")) {
      return new FileReply.Failed(Errno.EINVAL, false);
    }
    kernel.disableModules();
    return new FileReply.Written(write.data().length());
  }
}

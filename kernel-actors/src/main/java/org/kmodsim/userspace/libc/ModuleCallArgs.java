package org.kmodsim.userspace.libc;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleQuery;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ModuleRepository;

/**
 * The arguments of the module system calls as the step language writes them ({@link Syscalls},
 * {@link Syscalls24}), parsed when the line is: a bad one is an IllegalArgumentException. Pure.
 */
final class ModuleCallArgs {
  private ModuleCallArgs() {}

  /** {@code init_module FILE [ARGS]} / {@code finit_module FILE [flags=N] [ARGS]}. */
  record Load(String file, List<String> params, long flags, boolean finit) {
    static Load parse(List<String> args, boolean finit) {
      if (args.isEmpty()) {
        throw new IllegalArgumentException("needs a module file");
      }
      long flags = 0;
      List<String> params = new ArrayList<>();
      for (String arg : args.subList(1, args.size())) {
        if (finit && arg.startsWith("flags=")) {
          flags = number(arg.substring(6), "flags", arg);
        } else {
          params.add(arg);
        }
      }
      return new Load(args.get(0), List.copyOf(params), flags, finit);
    }

    /**
     * The module in {@code found}; null when the call fails before the kernel loads anything
     * ({@link #refused}).
     */
    ModuleDefinition definition(ModuleRepository.Found found, Era era) {
      if (refusedBeforeFile(era) || found == null) {
        return null;
      }
      try {
        return found.definition(era);
      } catch (ModuleFile.ModuleFormatException e) {
        return null;
      }
    }

    /**
     * Why the call returns without a load ({@link #definition} null): ENOSYS for finit_module
     * before 3.8, EBADF (no fd) or EFAULT (no image) without the file, else ENOEXEC (no module).
     */
    Errno refused(ModuleRepository.Found found, Era era) {
      if (refusedBeforeFile(era)) {
        return Errno.ENOSYS;
      } else if (found == null) {
        return finit ? Errno.EBADF : Errno.EFAULT;
      }
      return Errno.ENOEXEC;
    }

    private boolean refusedBeforeFile(Era era) {
      return finit && era.compareTo(Era.V4_X) < 0; // finit_module is 3.8+
    }

    /**
     * The loader's input: flags 1 IGNORE_MODVERSIONS, 2 IGNORE_VERMAGIC, 4 COMPRESSED_FILE, other
     * bits EINVAL; finit_module passes the file's {@code inode}.
     */
    LoadInfo info(ModuleDefinition def, String inode) {
      String args = ModuleArgs.join(params);
      return finit
          ? LoadInfo.finitModule(def, args, flags, inode)
          : LoadInfo.initModule(def, args, flags, null);
    }
  }

  /**
   * {@code delete_module NAME [O_NONBLOCK] [O_TRUNC]}; in 2.4 {@code delete_module [NAME]}, with no
   * NAME the NULL of the autoclean call (null), always O_NONBLOCK (2.4 had no flags, never waited).
   */
  record Delete(String name, boolean nonblock, boolean trunc) {
    static Delete parse(List<String> args) {
      if (args.isEmpty()) {
        throw new IllegalArgumentException("needs a module name");
      }
      return new Delete(args.get(0), args.contains("O_NONBLOCK"), args.contains("O_TRUNC"));
    }

    static Delete parse24(List<String> args) {
      return new Delete(args.isEmpty() ? null : args.get(0), true, false);
    }
  }

  /** 2.4 {@code create_module NAME SIZE}. */
  record Create(String name, long size) {
    static Create parse(List<String> args) {
      if (args.size() != 2) {
        throw new IllegalArgumentException("needs a module name and a size");
      }
      return new Create(args.get(0), number(args.get(1), "size", args.get(1)));
    }
  }

  /** 2.4 {@code init_module NAME FILE [MOD_AUTOCLEAN] [name=value ...]}. */
  record Init24(String module, String file, boolean autoclean, List<String> params) {
    static Init24 parse(List<String> args) {
      if (args.size() < 2) {
        throw new IllegalArgumentException("needs a module name and a module file");
      }
      boolean autoclean = args.size() > 2 && args.get(2).equals("MOD_AUTOCLEAN");
      List<String> params = List.copyOf(args.subList(autoclean ? 3 : 2, args.size()));
      return new Init24(args.get(0), args.get(1), autoclean, params);
    }

    /** The module in {@code found} (autoclean with MOD_AUTOCLEAN); null when none or unreadable. */
    ModuleDefinition definition(ModuleRepository.Found found) {
      if (found == null) {
        return null;
      }
      try {
        ModuleDefinition def = found.definition(Era.V2_4);
        return autoclean ? def.withAutoclean() : def;
      } catch (ModuleFile.ModuleFormatException e) {
        return null;
      }
    }

    /** The image: the module linked against the kernel's symbols by the modules {@code owners}. */
    LoadInfo image(ModuleDefinition def, List<String> owners) {
      return LoadInfo.initModule24(def, ModuleArgs.join(params), false, owners, null);
    }
  }

  /** 2.4 {@code query_module NAME|NULL WHICH [BUFSIZE]}; a NULL name is null. */
  record Query(String name, int which, long bufsize) {
    static Query parse(List<String> args) {
      if (args.size() < 2 || args.size() > 3) {
        throw new IllegalArgumentException("needs a module name (or NULL) and WHICH");
      }
      int which = ModuleQuery.which(args.get(1));
      if (which < 0) {
        throw new IllegalArgumentException("bad WHICH '" + args.get(1) + "'");
      }
      long bufsize = args.size() == 3 ? number(args.get(2), "BUFSIZE", args.get(2)) : -1;
      return new Query(args.get(0).equals("NULL") ? null : args.get(0), which, bufsize);
    }
  }

  private static long number(String text, String what, String shown) {
    try {
      return Long.decode(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad " + what + " '" + shown + "'");
    }
  }
}

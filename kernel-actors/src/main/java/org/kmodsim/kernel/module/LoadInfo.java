package org.kmodsim.kernel.module;

/**
 * The loader's input (struct load_info, reduced): the module as read from its file, the argument
 * string, the syscall's flags, and for finit_module the file's inode (6.x coalesces concurrent
 * finit_module calls on one inode). A reader of real .ko files produces the same record.
 *
 * @param syscall {@code init_module}, {@code finit_module} or the 2.4 {@code create_module}
 * @param ignoreModversions MODULE_INIT_IGNORE_MODVERSIONS (insmod -f, --force-modversion)
 * @param ignoreVermagic MODULE_INIT_IGNORE_VERMAGIC (insmod -f, --force-vermagic)
 * @param flagsInvalid finit_module was given a flag bit it does not know (EINVAL)
 * @param userResolved 2.4: the modules whose symbols insmod resolved in user space from /proc/ksyms
 *     (the image's deps); null when the kernel resolves (2.6+)
 * @param inode the identity of the file read (its path in the model): finit_module's, or the file a
 *     tool read an init_module image from; null for an image without one. Only finit_module's is
 *     coalesced (6.x)
 * @param userParams 2.4: the parameter values modutils' insmod wrote into the image
 *     (process_module_arguments), every parameter's; null when the kernel parses {@code args}
 */
public record LoadInfo(
    ModuleDefinition definition,
    String args,
    String syscall,
    boolean ignoreModversions,
    boolean ignoreVermagic,
    boolean flagsInvalid,
    java.util.List<String> userResolved,
    String inode,
    java.util.Map<String, java.util.List<ParamValue>> userParams) {

  /** MODULE_INIT_IGNORE_MODVERSIONS (include/uapi/linux/module.h). */
  public static final long IGNORE_MODVERSIONS = 1;

  /** MODULE_INIT_IGNORE_VERMAGIC. */
  public static final long IGNORE_VERMAGIC = 2;

  /** MODULE_INIT_COMPRESSED_FILE: a bit the kernel knows, so not EINVAL. */
  public static final long COMPRESSED_FILE = 4;

  public LoadInfo {
    userResolved = userResolved == null ? null : java.util.List.copyOf(userResolved);
    userParams =
        userParams == null
            ? null
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userParams));
  }

  /**
   * finit_module(fd, uargs, flags): the kernel parses {@code args}; a flag bit it does not know
   * makes the call EINVAL ({@link #flagsInvalid}).
   */
  public static LoadInfo finitModule(
      ModuleDefinition definition, String args, long flags, String inode) {
    return fromFlags(definition, args, "finit_module", flags, inode);
  }

  /**
   * init_module(umod, len, uargs) from 2.6 on: the kernel parses {@code args}; {@code flags} are
   * the force bits a tool strips from the image in user space ({@code insmod -f}), and {@code
   * inode} the file the tool read it from, if any.
   */
  public static LoadInfo initModule(
      ModuleDefinition definition, String args, long flags, String inode) {
    return fromFlags(definition, args, "init_module", flags, inode);
  }

  /**
   * 2.4 sys_init_module into a created slot: the image insmod linked against the symbols of the
   * modules {@code userResolved}, forced ({@code insmod -f}) or not, with the parameter values it
   * wrote ({@code userParams}; null: the kernel parses {@code args}).
   */
  public static LoadInfo initModule24(
      ModuleDefinition definition,
      String args,
      boolean force,
      java.util.List<String> userResolved,
      java.util.Map<String, java.util.List<ParamValue>> userParams) {
    return new LoadInfo(
        definition, args, "init_module", force, force, false, userResolved, null, userParams);
  }

  private static LoadInfo fromFlags(
      ModuleDefinition definition, String args, String syscall, long flags, String inode) {
    return new LoadInfo(
        definition,
        args,
        syscall,
        (flags & IGNORE_MODVERSIONS) != 0,
        (flags & IGNORE_VERMAGIC) != 0,
        (flags & ~(IGNORE_MODVERSIONS | IGNORE_VERMAGIC | COMPRESSED_FILE)) != 0,
        null,
        inode,
        null);
  }

  public String name() {
    return definition.name();
  }

  /** finit_module without flags or a file identity (tests, scenarios). */
  public static LoadInfo of(ModuleDefinition definition, String args) {
    return finitModule(definition, args, 0, null);
  }
}

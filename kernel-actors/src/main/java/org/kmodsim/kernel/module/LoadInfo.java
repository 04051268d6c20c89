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
 * @param inode finit_module: the identity of the file read (its path in the model); null for
 *     init_module, which has only a copy of the image
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

  public LoadInfo {
    userResolved = userResolved == null ? null : java.util.List.copyOf(userResolved);
    userParams =
        userParams == null
            ? null
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userParams));
  }

  /** A load whose argument string the kernel parses. */
  public LoadInfo(
      ModuleDefinition definition,
      String args,
      String syscall,
      boolean ignoreModversions,
      boolean ignoreVermagic,
      boolean flagsInvalid,
      java.util.List<String> userResolved,
      String inode) {
    this(
        definition,
        args,
        syscall,
        ignoreModversions,
        ignoreVermagic,
        flagsInvalid,
        userResolved,
        inode,
        null);
  }

  /** A load without a file identity (init_module, 2.4). */
  public LoadInfo(
      ModuleDefinition definition,
      String args,
      String syscall,
      boolean ignoreModversions,
      boolean ignoreVermagic,
      boolean flagsInvalid,
      java.util.List<String> userResolved) {
    this(
        definition,
        args,
        syscall,
        ignoreModversions,
        ignoreVermagic,
        flagsInvalid,
        userResolved,
        null);
  }

  public String name() {
    return definition.name();
  }

  public static LoadInfo of(ModuleDefinition definition, String args) {
    return new LoadInfo(definition, args, "finit_module", false, false, false, null);
  }
}

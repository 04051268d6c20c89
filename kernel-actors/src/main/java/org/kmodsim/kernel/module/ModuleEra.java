package org.kmodsim.kernel.module;

import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * The decisions of the module loader that differ between eras (2.4 and 2.6 kernel/module.c,
 * kernel/module/main.c of 4.19 and 6.12), in one place instead of {@code if (era ...)} tests in the
 * loader, the load and the unload. Read it as the table of what changed when.
 */
public record ModuleEra(Era era) {

  static ModuleEra of(Era era) {
    return new ModuleEra(era);
  }

  /** The kernel side of 2.4's user-space linker, or its ENOSYS stand-in from 2.6 on. */
  UserSpaceLinking userSpaceLinking(ModuleInternal kernel) {
    return userSpaceLinker() ? UserSpaceLinking.of24(kernel) : UserSpaceLinking.none(kernel);
  }

  /** 2.4 had no in-kernel loader: create_module, init_module of a slot, query_module. */
  boolean userSpaceLinker() {
    return era == Era.V2_4;
  }

  /** module_notify_list came with the 2.5 loader: in 2.4 the chain is empty. */
  boolean hasNotifier() {
    return era != Era.V2_4;
  }

  /** 5.10+: blocking_notifier_call_chain_robust for COMING (a veto fails the load). */
  boolean robustComing() {
    return era == Era.V6_X;
  }

  /** ≈3.19+: COMING is announced before parse_args; 2.6's sys_init_module did it before init. */
  boolean comingBeforeParams() {
    return era.atLeast(Era.V4_X);
  }

  /** 2.6: try_stop_module runs under stop_machine (per-CPU counts are summed). */
  boolean stopMachine() {
    return era == Era.V2_6;
  }

  /** 2.6 without O_NONBLOCK: a module in use goes GOING and the caller sleeps until zero. */
  boolean waitsForZero(boolean nonblock) {
    return era == Era.V2_6 && !nonblock;
  }

  /** 6.4+ idempotent_init_module: finit_module calls on one inode share the first's load. */
  boolean coalesces(LoadInfo info) {
    return era == Era.V6_X && info.inode() != null && info.syscall().equals("finit_module");
  }

  /** modules_disabled (2.6.31+) closes the gate; 2.4 has no such sysctl. */
  boolean hasModulesDisabled() {
    return era != Era.V2_4;
  }

  /** module_blacklist= (4.x+). */
  boolean hasBlacklist() {
    return era.atLeast(Era.V4_X);
  }

  /** rmmod -f with CONFIG_MODULE_FORCE_UNLOAD: not in 2.4. */
  boolean canForceUnload() {
    return era != Era.V2_4;
  }

  /** delete_module of a module others use: 2.4 EBUSY, later EWOULDBLOCK. */
  Errno inUse() {
    return era == Era.V2_4 ? Errno.EBUSY : Errno.EWOULDBLOCK;
  }

  /**
   * add_unformed_module finds the name taken: the answer now, or null to wait for the other load
   * (4.x waits for a COMING or UNFORMED one and retries; 6.x waits, then EEXIST or EBUSY).
   */
  Errno duplicate(ModuleState existing) {
    if (existing == ModuleState.LIVE || !era.atLeast(Era.V4_X)) {
      return Errno.EEXIST;
    }
    if (existing == ModuleState.GOING && era == Era.V6_X) {
      return Errno.EBUSY;
    }
    return null;
  }

  /** A waiter on a name whose holder moved on: 6.x answers, 4.x tries add_unformed again. */
  boolean retriesAfterWait() {
    return era != Era.V6_X;
  }

  /** init returned a positive value: 2.4 refuses the module (EBUSY); later kernels warn. */
  Errno positiveInit() {
    return era == Era.V2_4 ? Errno.EBUSY : null;
  }

  /** The function that prints the "suspiciously returned" warning. */
  String initFunction() {
    return era == Era.V2_6 ? "sys_init_module" : "do_init_module";
  }

  /** find_module and /proc/modules skip UNFORMED modules; 2.4 has no UNFORMED state. */
  boolean listsUnformed() {
    return era == Era.V2_4;
  }

  /** 2.4 init_module sets MOD_USED_ONCE on the modules the new one uses. */
  boolean marksDependenciesUsed() {
    return era == Era.V2_4;
  }

  /** The module area's first address. */
  long moduleAreaStart() {
    return era == Era.V2_4
        ? 0xd0800000L
        : era == Era.V2_6 ? 0xffffffffa0000000L : 0xffffffffc0000000L;
  }

  /**
   * The end of the module area (arch/x86/include/asm/pgtable_64_types.h MODULES_END,
   * 0xffffffffff000000: 1520 MiB from 2.6.32's MODULES_VADDR, 1008 MiB from 4.x and 6.x's). 2.4's
   * vmalloc area is not bounded by the model (0: no end).
   */
  long moduleAreaEnd() {
    return era == Era.V2_4 ? 0 : 0xffffffffff000000L;
  }

  /** The size /proc/modules shows: 6.x shows the page-aligned core size. */
  long shownSize(long coreSize) {
    return era == Era.V6_X ? (coreSize + 4095) / 4096 * 4096 : coreSize;
  }

  // The count (include/linux/module.h, kernel/module/main.c).

  /** How a module of this era counts its users. */
  RefcountModel refcount() {
    return switch (era) {
      case V2_4 -> new RefcountModel.UseCount24();
      case V2_6 -> new RefcountModel.PerCpu26();
      default -> new RefcountModel.Atomic4x();
    };
  }

  /** 2.6: gets and puts are the CPUs' per-CPU increments; a put on a GOING module wakes rmmod. */
  boolean perCpuCounts() {
    return era == Era.V2_6;
  }

  /** module_refcount counts one reference per module using this one (2.6 on; 2.4 kept a list). */
  boolean countsDependents() {
    return era != Era.V2_4;
  }

  /** MOD_INC_USE_COUNT / MOD_DEC_USE_COUNT are 2.4's non-atomic macros (later: get and put). */
  boolean hasUseCountMacros() {
    return era == Era.V2_4;
  }

  /** 2.4's MOD_USED_ONCE and MOD_VISITED flags (autoclean, query_module). */
  boolean hasUseFlags() {
    return era == Era.V2_4;
  }

  // check_modinfo and module_sig_check.

  /** CONFIG_MODULE_SIG exists (3.7+; the 2.6 era's 2.6.32 has none). */
  boolean hasModuleSignatures() {
    return era.atLeast(Era.V4_X);
  }

  /** An unsigned module under sig_enforce: 6.x EKEYREJECTED with a line, 4.x ENOKEY. */
  Errno unsignedRejected() {
    return era == Era.V6_X ? Errno.EKEYREJECTED : Errno.ENOKEY;
  }

  /** vermagic is checked by the kernel (2.4's insmod checked it in user space). */
  boolean checksVermagic() {
    return era != Era.V2_4;
  }

  /** The out-of-tree taint (O, "loading out-of-tree module taints kernel."): 3.2+, the 4.x era. */
  boolean taintsOutOfTree() {
    return era.atLeast(Era.V4_X);
  }

  /**
   * The staging taint (C, "module is from the staging directory, ..."): 2.6.28+, so 2.6.32 has it
   * (v2.6.32 kernel/module.c load_module: get_modinfo "staging", add_taint_module(mod, TAINT_CRAP)
   * and its KERN_WARNING line); 2.4 has neither staging nor TAINT_CRAP.
   */
  boolean taintsStaging() {
    return era.atLeast(Era.V2_6);
  }

  /** The kernel prints "module license '...' taints kernel." (2.4 tainted silently). */
  boolean printsLicenseTaint() {
    return era != Era.V2_4;
  }
}

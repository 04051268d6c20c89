package org.kmodsim.kernel.module;

/**
 * How a module counts its users, per era (kernel/module/main.c; 2.6 and 2.4 kernel/module.c). One
 * instance per {@link Module}; pure and single-threaded (the module actor owns it).
 */
abstract class RefcountModel {
  /** MODULE_REF_BASE: the loader's own reference in 4.x+. */
  static final long MODULE_REF_BASE = 1;

  private boolean usedOnce;

  /** 2.4 MOD_VISITED: a use count change since the last autoclean call. */
  boolean visited;

  static RefcountModel of(ModuleSettings settings) {
    return ModuleEra.of(settings.era()).refcount();
  }

  /** try_module_get: true when the caller may use the module. */
  abstract boolean tryGet(ModuleState state, int cpu);

  /** __module_get. */
  abstract void get(int cpu);

  /** module_put: false when the count would go below zero (a WARN in the kernel). */
  abstract boolean put(int cpu);

  /** module_refcount as /proc/modules and sysfs show it. */
  abstract long refcount();

  /** The extra reference held while init runs is dropped. */
  abstract void dropInitRef();

  /** try_stop_module: true when the module may go (or {@code force}). */
  abstract boolean tryStop(boolean force, long perCpuSum);

  /** Whether the last successful tryStop needed the force (the module was in use). */
  boolean forcedLastStop;

  long usecount() {
    return refcount();
  }

  boolean usedOnce() {
    return usedOnce;
  }

  void setUsedOnce(boolean used) {
    usedOnce = used;
  }

  /** MOD_USED_ONCE | MOD_VISITED as the 2.4 flags word has them. */
  int flags24() {
    return (usedOnce ? ModuleQuery.MOD_USED_ONCE : 0) | (visited ? ModuleQuery.MOD_VISITED : 0);
  }

  /** 2.4 delete_module(NULL) on this module: true when it goes now. Only 2.4 has autoclean. */
  boolean tryAutoclean(boolean justFreed) {
    return false;
  }

  /** 4.x+: one atomic_t refcnt = MODULE_REF_BASE + users; 0 once unloading. */
  static final class Atomic4x extends RefcountModel {
    private long refcnt = MODULE_REF_BASE + 1;

    @Override
    boolean tryGet(ModuleState state, int cpu) {
      if (state == ModuleState.GOING || refcnt == 0) {
        return false;
      }
      refcnt++;
      return true;
    }

    @Override
    void get(int cpu) {
      refcnt++;
    }

    @Override
    boolean put(int cpu) {
      if (refcnt <= 0) {
        return false;
      }
      refcnt--;
      return true;
    }

    @Override
    long refcount() {
      return refcnt - MODULE_REF_BASE;
    }

    @Override
    void dropInitRef() {
      refcnt--;
    }

    @Override
    boolean tryStop(boolean force, long perCpuSum) {
      refcnt -= MODULE_REF_BASE;
      forcedLastStop = false;
      if (refcnt != 0) {
        refcnt += MODULE_REF_BASE;
        forcedLastStop = force;
        return force;
      }
      return true;
    }
  }

  /**
   * 2.6: the CPUs count their own gets and puts in their per-CPU areas (the steps do it, with no
   * message: see {@link ModuleTable}); this side holds the init reference and the references kernel
   * actors take (a kprobe arming on module text), which a CPU would have counted in its own area.
   * try_stop_module gets the exact per-CPU sum under stop_machine.
   */
  static final class PerCpu26 extends RefcountModel {
    private long held = 1;
    long negativeSum;

    @Override
    boolean tryGet(ModuleState state, int cpu) {
      if (state == ModuleState.GOING) {
        return false;
      }
      held++;
      return true;
    }

    @Override
    void get(int cpu) {
      held++;
    }

    @Override
    boolean put(int cpu) {
      held--;
      return true;
    }

    @Override
    long refcount() {
      return held;
    }

    @Override
    void dropInitRef() {
      held--;
    }

    @Override
    boolean tryStop(boolean force, long perCpuSum) {
      forcedLastStop = held + perCpuSum != 0 && force;
      if (held + perCpuSum < 0) {
        negativeSum = held + perCpuSum;
      }
      return held + perCpuSum == 0 || force;
    }
  }

  /**
   * 2.4: {@code uc.usecount}, an atomic_t. MOD_INC_USE_COUNT and MOD_DEC_USE_COUNT are atomic_inc
   * and atomic_dec plus the flags (include/linux/module.h __MOD_INC_USE_COUNT), so two CPUs never
   * lose an update; try_inc_mod_count is atomic under unload_lock. Dependencies do not count.
   */
  static final class UseCount24 extends RefcountModel {
    private long usecount = 1;

    @Override
    boolean tryGet(ModuleState state, int cpu) {
      if (state == ModuleState.GOING) {
        return false;
      }
      get(cpu);
      return true;
    }

    /** __MOD_INC_USE_COUNT: the increment sets MOD_VISITED | MOD_USED_ONCE. */
    @Override
    void get(int cpu) {
      usecount++;
      visited = true;
      setUsedOnce(true);
    }

    /** __MOD_DEC_USE_COUNT: the decrement sets MOD_VISITED. */
    @Override
    boolean put(int cpu) {
      usecount--;
      visited = true;
      return usecount >= 0;
    }

    @Override
    long refcount() {
      return usecount;
    }

    /** Not in use and used once: gone, unless visited since the last call (just cleared). */
    @Override
    boolean tryAutoclean(boolean justFreed) {
      if (usecount != 0 || !usedOnce()) {
        return false;
      }
      if (visited && !justFreed) {
        visited = false;
        return false;
      }
      return true;
    }

    @Override
    void dropInitRef() {
      usecount--;
    }

    @Override
    boolean tryStop(boolean force, long perCpuSum) {
      return usecount == 0;
    }
  }
}

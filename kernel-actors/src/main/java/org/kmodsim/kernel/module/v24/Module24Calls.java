package org.kmodsim.kernel.module.v24;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.LogLine;
import org.kmodsim.kernel.module.ModuleInternal;
import org.kmodsim.kernel.module.ModuleList;
import org.kmodsim.kernel.module.ModuleLoad;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleQuery;
import org.kmodsim.kernel.module.ModuleState;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.kernel.module.UserSpaceLinking;

/**
 * The loader's side of the 2.4 system calls that later kernels dropped (2.4 kernel/module.c):
 * sys_create_module (reserve the memory, link a blank struct module into the list),
 * sys_init_module's checks on that slot before the image is copied in, its undo when the image or
 * init fails (the module stays listed {@code (uninitialized)} until deleted), and sys_query_module.
 * From 2.6 on create_module and query_module are ENOSYS.
 *
 * <p>Owns nothing of its own: it works on the loader's module list through {@link ModuleInternal}.
 */
final class Module24Calls implements UserSpaceLinking {
  /** sizeof(struct module) on i386 2.4: create_module needs room for it and the name (EINVAL). */
  static final long STRUCT_MODULE_SIZE = 96;

  private final ModuleInternal kernel;

  Module24Calls(ModuleInternal kernel) {
    this.kernel = kernel;
  }

  @Override
  public void createModule(ModuleLoader.CreateModule create) {
    String name = create.name();
    Errno error = kernel.gate(create.cred());
    if (error == null) {
      error = UserSpaceLinking.nameError(name);
    }
    if (error == null && create.size() < STRUCT_MODULE_SIZE + name.length() + 1) {
      error = Errno.EINVAL;
    }
    if (error == null && kernel.modules().get(name) != null) {
      kernel.sim().cover("create_module-eexist");
      error = Errno.EEXIST;
    }
    if (error != null) {
      kernel.send(create.replyTo(), new ModuleLoader.LoadFailed(error));
      return;
    }
    ModuleList.Place place = kernel.modules().allocate(create.size());
    kernel.addSlot(ModuleList.Entry.slot(name, place.address(), create.size()));
    kernel.trace(
        "create_module", name + " " + create.size() + String.format(" 0x%08x", place.address()));
    kernel.send(create.replyTo(), new ModuleLoader.Created(name, place.address()));
  }

  /**
   * sys_init_module up to the copy of the image: the slot must exist (ENOENT), the image must fit
   * in it and keep its name (EINVAL, with the kernel's lines). A slot that is initialized, or being
   * initialized, is EBUSY here: 2.4 did not check and copied the image over it.
   */
  @Override
  public Errno checkInit(String name, LoadInfo image) {
    Errno error = UserSpaceLinking.nameError(name);
    if (error != null) {
      return error;
    }
    ModuleList.Entry slot = kernel.modules().get(name);
    if (slot == null || slot.state() == ModuleState.GOING) {
      return Errno.ENOENT;
    }
    if (!slot.blank() || slot.filling()) {
      return Errno.EBUSY;
    }
    if (image.definition().coreSize() > slot.slotSize()) {
      kernel.log(
          LogLine.err(
              "init_module: Size of initialized module exceeds size of created" + " module."));
      return Errno.EINVAL;
    }
    if (!image.name().equals(name)) {
      kernel.log(
          LogLine.err(
              "init_module: changed module name to `" + image.name() + "' from `" + name + "'"));
      return Errno.EINVAL;
    }
    return null;
  }

  /** init_module copies an image into the slot {@code name}: nobody else may now. */
  @Override
  public void startFilling(String name) {
    kernel.modules().get(name).filling(true);
  }

  /**
   * The image is copied into the slot: the new module takes the slot's place in the list and its
   * address (null when the slot is gone). References an earlier failed init left on other modules
   * are dropped first.
   */
  @Override
  public ModuleList.Entry fill(ModuleLoad load) {
    ModuleList.Entry slot = kernel.modules().get(load.name());
    if (slot == null || !slot.blank() || !slot.filling()) {
      return null;
    }
    kernel.dropTargets(slot);
    ModuleList.Entry entry = kernel.addModule(load, slot.address(), load.definition().coreSize());
    entry.slotSize(slot.slotSize());
    return entry;
  }

  /** The load is over: a slot whose image never arrived is free for another init_module. */
  @Override
  public Autoclean autoclean(ModuleLoader.DeleteModule request) {
    return new Module24Autoclean(kernel, request);
  }

  @Override
  public void loadFinished(String name) {
    ModuleList.Entry slot = kernel.modules().get(name);
    if (slot != null && slot.blank()) {
      slot.filling(false);
    }
  }

  @Override
  public void queryModule(ModuleLoader.QueryModule query) {
    ModuleList.Entry entry = null;
    if (query.name() != null) {
      Errno error = UserSpaceLinking.nameError(query.name());
      entry = error == null ? kernel.modules().find(query.name()) : null;
      if (error == null && (entry == null || entry.state() == ModuleState.GOING)) {
        error = Errno.ENOENT; // find_module skips MOD_DELETED
      }
      if (error != null) {
        kernel.send(query.replyTo(), ModuleQuery.Answer.failed(error));
        return;
      }
    }
    if (query.which() == ModuleQuery.QM_SYMBOLS && (entry == null || canQuery(entry))) {
      // Through the loader, so the symbols are those of the list just checked.
      kernel.send(
          kernel.deps().kallsyms(),
          new Kallsyms.Read<>(
              new ModuleQuery.Symbols(
                  query.name(), query.bufsize(), kernel.settings().modversions()),
              query.replyTo()));
      return;
    }
    kernel.send(query.replyTo(), answer(entry, query.which(), query.bufsize()));
  }

  private ModuleQuery.Answer answer(ModuleList.Entry entry, int which, long bufsize) {
    switch (which) {
      case 0 -> {
        return new ModuleQuery.Answer(0, -1, List.of());
      }
      case ModuleQuery.QM_MODULES -> {
        List<String> names = new ArrayList<>();
        kernel.modules().newestFirst().forEach(e -> names.add(e.name()));
        return ModuleQuery.names(names, bufsize);
      }
      case ModuleQuery.QM_DEPS, ModuleQuery.QM_REFS, ModuleQuery.QM_SYMBOLS -> {
        if (entry == null) {
          return ModuleQuery.Answer.failed(Errno.EINVAL); // the kernel has no deps or refs
        }
        if (!canQuery(entry)) {
          return new ModuleQuery.Answer(0, 0, List.of());
        }
        return ModuleQuery.names(
            which == ModuleQuery.QM_DEPS
                ? entry.targets()
                : ProcModules.reversed(new ArrayList<>(entry.users())),
            bufsize);
      }
      case ModuleQuery.QM_INFO -> {
        if (entry == null) {
          return ModuleQuery.Answer.failed(Errno.EINVAL);
        }
        return ModuleQuery.info(
            entry.address(),
            entry.size(),
            flags(entry),
            entry.state() == ModuleState.UNFORMED ? 0 : entry.refcount(),
            bufsize);
      }
      default -> {
        return ModuleQuery.Answer.failed(Errno.EINVAL);
      }
    }
  }

  /** MOD_CAN_QUERY: running or initializing, and not deleted. */
  private static boolean canQuery(ModuleList.Entry entry) {
    return entry.state() == ModuleState.LIVE || entry.state() == ModuleState.COMING;
  }

  /** The 2.4 flags word of a module, from its state and the flags it reported. */
  static int flags(ModuleList.Entry entry) {
    int flags = 0;
    if (entry.state() == ModuleState.LIVE || entry.state() == ModuleState.GOING) {
      flags |= ModuleQuery.MOD_RUNNING;
    }
    if (entry.state() == ModuleState.GOING) {
      flags |= ModuleQuery.MOD_DELETED;
    }
    if (entry.state() == ModuleState.COMING) {
      flags |= ModuleQuery.MOD_INITIALIZING;
    }
    if (entry.autoclean()) {
      flags |= ModuleQuery.MOD_AUTOCLEAN;
    }
    if (entry.visited()) {
      flags |= ModuleQuery.MOD_VISITED;
    }
    if (entry.usedOnce()) {
      flags |= ModuleQuery.MOD_USED_ONCE;
    }
    if (entry.justFreed()) {
      flags |= ModuleQuery.MOD_JUST_FREED;
    }
    return flags;
  }
}

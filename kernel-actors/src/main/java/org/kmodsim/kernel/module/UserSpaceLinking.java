package org.kmodsim.kernel.module;

import java.util.ServiceLoader;
import org.kmodsim.kernel.Errno;

/**
 * The kernel's side of a user-space linker: the system calls 2.4's insmod linked a module with,
 * which 2.6 dropped when the loader moved into the kernel (2.4 kernel/module.c). sys_create_module
 * reserves a slot, sys_init_module copies the linked image into it (the checks before the copy, the
 * copy, the undo), sys_query_module answers insmod's questions, and delete_module(NULL) is the
 * autoclean walk. The loader calls these only when its era has them ({@link
 * ModuleEra#userSpaceLinking}); from 2.6 on create_module and query_module are ENOSYS.
 *
 * <p>The 2.4 implementation is in the loader's {@code v24} package, which depends on this one and
 * not the other way round: the era finds it through {@link ServiceLoader} ({@link Factory}).
 */
public interface UserSpaceLinking {

  /** sys_create_module: answers the caller. */
  void createModule(ModuleLoader.CreateModule create);

  /** sys_query_module: answers the caller. */
  void queryModule(ModuleLoader.QueryModule query);

  /** sys_init_module up to the copy of the image: null, or why the slot cannot take it. */
  Errno checkInit(String name, LoadInfo image);

  /** init_module copies an image into the slot {@code name}: nobody else may now. */
  void startFilling(String name);

  /** The image is copied into the slot: the module's entry in its place, or null (slot gone). */
  ModuleList.Entry fill(ModuleLoad load);

  /** The load is over: a slot whose image never arrived is free for another init_module. */
  void loadFinished(String name);

  /** delete_module(NULL): a new autoclean walk for {@code request}. */
  Autoclean autoclean(ModuleLoader.DeleteModule request);

  /** One autoclean call: the unload drives it and hands it the modules' answers. */
  interface Autoclean {
    void start();

    boolean done();

    /** The module freed right now, whose exit the caller's CPU is running; null if none. */
    String reaping();

    /** A module's answer to {@link Module.TryAutoclean}. */
    void onReplied(Module.StopResult result);

    /** The reaped module's exit has run: free it (null when it is gone already). */
    void freed(ModuleList.Entry entry);
  }

  /** Makes the 2.4 calls of one loader; public with a public constructor, for ServiceLoader. */
  interface Factory {
    UserSpaceLinking create(ModuleInternal kernel);
  }

  /** The 2.4 implementation, from the {@code v24} package. */
  static UserSpaceLinking of24(ModuleInternal kernel) {
    Factory factory =
        ServiceLoader.load(Factory.class, Factory.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the 2.4 module calls are not installed"));
    return factory.create(kernel);
  }

  /** 2.6 on: create_module and query_module are ENOSYS; the rest is never called. */
  static UserSpaceLinking none(ModuleInternal kernel) {
    return new UserSpaceLinking() {
      @Override
      public void createModule(ModuleLoader.CreateModule create) {
        kernel.send(create.replyTo(), new ModuleLoader.LoadFailed(Errno.ENOSYS));
      }

      @Override
      public void queryModule(ModuleLoader.QueryModule query) {
        kernel.send(query.replyTo(), ModuleQuery.Answer.failed(Errno.ENOSYS));
      }

      @Override
      public Errno checkInit(String name, LoadInfo image) {
        throw new IllegalStateException("no 2.4 slots in this era");
      }

      @Override
      public void startFilling(String name) {
        throw new IllegalStateException("no 2.4 slots in this era");
      }

      @Override
      public ModuleList.Entry fill(ModuleLoad load) {
        throw new IllegalStateException("no 2.4 slots in this era");
      }

      @Override
      public void loadFinished(String name) {
        throw new IllegalStateException("no 2.4 slots in this era");
      }

      @Override
      public Autoclean autoclean(ModuleLoader.DeleteModule request) {
        throw new IllegalStateException("no autoclean in this era");
      }
    };
  }

  /** get_mod_name (2.4): an empty name is EINVAL, one of a page or more ENAMETOOLONG. */
  static Errno nameError(String name) {
    if (name.isEmpty()) {
      return Errno.EINVAL;
    }
    return name.length() >= 4096 ? Errno.ENAMETOOLONG : null;
  }
}

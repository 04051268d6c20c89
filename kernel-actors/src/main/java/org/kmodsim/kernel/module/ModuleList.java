package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Bug;
import org.kmodsim.cpu.Step;

/**
 * The {@code modules} list (kernel/module/main.c) as the loader keeps it: one entry per module with
 * its users (source_list) and the modules it uses (target_list), and the module area's address
 * allocation. The state is not copied here: an entry reads and writes {@code mod->state} in its
 * {@link ModuleTable.Instance}, where lock-free readers see it. Plain mutable class owned by the
 * loader.
 *
 * <p>Public for the loader's own 2.4 package ({@code v24}) only, as {@link ModuleInternal} is: an
 * architecture rule keeps every other package out.
 */
public final class ModuleList {
  /** One struct module, the loader's view of it. */
  public static final class Entry {
    final String name;
    final ModuleDefinition definition;
    final ActorRef<Module.Command> module;
    final ModuleTable.Instance memory;
    final long address;
    final long size;
    final Set<Taint> taints;
    final LinkedHashSet<String> users = new LinkedHashSet<>();
    final List<String> targets = new ArrayList<>();
    List<Step> exit;
    boolean sysfs;

    /** 2.4: the size create_module reserved (init_module's image must fit in it). */
    long slotSize;

    /** 2.4: an init_module is copying an image into this slot. */
    boolean filling;

    /** 2.4 MOD_JUST_FREED: autoclean freed the last module using this one, in this call. */
    boolean justFreed;

    Entry(
        String name,
        ModuleDefinition definition,
        ModuleTable.Instance memory,
        long size,
        Set<Taint> taints) {
      this.name = name;
      this.definition = definition;
      this.memory = memory;
      this.module = memory.module();
      this.address = memory.address();
      this.size = size;
      this.taints = taints.isEmpty() ? EnumSet.noneOf(Taint.class) : EnumSet.copyOf(taints);
      this.slotSize = size;
    }

    /** This load of the module ("module:NAME#N"): what its static data belongs to. */
    public String instance() {
      return memory.perCpuCounter();
    }

    /**
     * 2.4 create_module: a blank struct module linked into the list, no image yet ({@code module}
     * null); /proc/modules shows it {@code (uninitialized)} and find_module finds it.
     */
    public static Entry slot(String name, long address, long size) {
      return new Entry(
          name,
          ModuleDefinition.blank(name, size),
          ModuleTable.Instance.blank(name, address),
          size,
          Set.of());
    }

    /**
     * The image or its init failed: 2.4 restored the blank struct module, so the name stays listed
     * {@code (uninitialized)} until insmod deletes it. The references init_module took on the
     * modules it uses stay too (the kernel did not undo them); the module's code and symbols go.
     * Returns the blank slot, which the loader links in the module's place.
     */
    static Entry blankSlot(Entry entry) {
      Entry slot = slot(entry.name, entry.address, entry.slotSize);
      slot.targets.addAll(entry.targets);
      slot.users.addAll(entry.users);
      return slot;
    }

    /** A 2.4 slot without an image: created and not yet (or no longer) initialized. */
    public boolean blank() {
      return module == null;
    }

    public ModuleState state() {
      return memory.state();
    }

    public String name() {
      return name;
    }

    public long address() {
      return address;
    }

    public long size() {
      return size;
    }

    /** The modules using this one (source_list), oldest first: the loader changes it. */
    public Set<String> users() {
      return Collections.unmodifiableSet(users);
    }

    /** The modules this one uses (target_list): the loader changes it. */
    public List<String> targets() {
      return Collections.unmodifiableList(targets);
    }

    public ActorRef<Module.Command> module() {
      return module;
    }

    /** The exit function's steps, or an empty list. */
    public List<Step> exit() {
      return exit == null ? List.of() : exit;
    }

    /** 2.4 MOD_AUTOCLEAN: insmod -k asked for it. */
    public boolean autoclean() {
      return definition.autoclean();
    }

    public long slotSize() {
      return slotSize;
    }

    public void slotSize(long size) {
      slotSize = size;
    }

    public boolean filling() {
      return filling;
    }

    public void filling(boolean copying) {
      filling = copying;
    }

    public boolean justFreed() {
      return justFreed;
    }

    public void justFreed(boolean freed) {
      justFreed = freed;
    }

    /**
     * Moves the state along UNFORMED, COMING, LIVE, GOING (COMING to GOING on a failed load);
     * lock-free readers (2.6 module_is_live) see it from now on. Called by the loader only.
     */
    void setState(ModuleState newState) {
      ModuleState old = memory.state();
      Bug.on(
          !(old == ModuleState.UNFORMED && newState == ModuleState.COMING
              || old == ModuleState.COMING && newState != ModuleState.UNFORMED && newState != old
              || old == ModuleState.LIVE && newState == ModuleState.GOING),
          "module " + name + " state " + old + " -> " + newState);
      memory.setState(newState);
    }

    /** 2.4 MOD_USED_ONCE: the module counted a use, or init_module of a user set it. */
    public boolean usedOnce() {
      return (memory.useFlags() & ModuleQuery.MOD_USED_ONCE) != 0 || memory.usedByModule();
    }

    /** 2.4 MOD_VISITED, as the module's actor stored it. */
    public boolean visited() {
      return (memory.useFlags() & ModuleQuery.MOD_VISITED) != 0;
    }

    /** module_refcount(), as /proc/modules shows it. */
    public long refcount() {
      return memory.refcount();
    }

    /** init without exit: cannot be unloaded without force ({@code [permanent]}). */
    public boolean permanent() {
      return definition.hasInit() && !definition.hasExit();
    }

    ModuleView view() {
      return new ModuleView(
          name,
          size,
          refcount(),
          List.copyOf(users),
          state(),
          address,
          taints,
          permanent(),
          definition.autoclean(),
          usedOnce() || !users.isEmpty());
    }
  }

  /** A place in the module area: the address and the size /proc/modules shows. */
  public record Place(long address, long size) {}

  private final ModuleEra era;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
  private long nextAddress;

  ModuleList(ModuleEra era) {
    this.era = era;
    this.nextAddress = era.moduleAreaStart();
  }

  /**
   * layout_and_allocate: the module's place in the module area and its size as shown; null when it
   * cannot fit (module_alloc's {@code PAGE_ALIGN(size) > MODULES_LEN}: ENOMEM). Places are handed
   * out upwards and start again at the bottom of the area when the top is reached (vmalloc reuses
   * what was freed), so addresses never run past MODULES_END.
   */
  public Place allocate(long coreSize) {
    long size = era.shownSize(coreSize);
    long pages = (size + 4095) / 4096 * 4096;
    long end = era.moduleAreaEnd();
    if (end != 0) {
      long length = end - era.moduleAreaStart();
      if (pages > length) {
        return null;
      }
      if (Long.compareUnsigned(nextAddress + pages, end) > 0) {
        nextAddress = era.moduleAreaStart();
      }
    }
    long address = nextAddress;
    nextAddress += pages + 4096;
    return new Place(address, size);
  }

  void add(Entry entry) {
    entries.put(entry.name, entry);
  }

  void remove(String name) {
    entries.remove(name);
  }

  /** Any entry, UNFORMED included (they block the name). */
  public Entry get(String name) {
    return entries.get(name);
  }

  /**
   * find_module: UNFORMED modules are invisible; in 2.4 (no UNFORMED state) a create_module slot is
   * a module like any other.
   */
  public Entry find(String name) {
    Entry entry = entries.get(name);
    return entry == null || !listed(entry) ? null : entry;
  }

  /** The list as /proc/modules walks it: newest first, UNFORMED skipped (listed in 2.4). */
  public List<Entry> newestFirst() {
    List<Entry> list = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (listed(entry)) {
        list.add(entry);
      }
    }
    Collections.reverse(list);
    return list;
  }

  private boolean listed(Entry entry) {
    return entry.state() != ModuleState.UNFORMED || era.listsUnformed();
  }

  List<ModuleView> views() {
    List<ModuleView> views = new ArrayList<>();
    for (Entry entry : newestFirst()) {
      views.add(entry.view());
    }
    return views;
  }
}

package org.kmodsim.kernel.module;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.smp.PerCpuAreas;
import org.kmodsim.kernel.Era;
import org.kmodsim.sim.Access;
import org.kmodsim.sim.MemoryAccess;
import org.kmodsim.sim.Seeds;
import org.kmodsim.sim.StateDigest;

/**
 * Module memory as code on a CPU reaches it without taking module_mutex (kernel/module/main.c): the
 * {@code modules} list as an RCU reader walks it, and the fields of {@code struct module} the
 * kernel reads without a lock: {@code mod->state} ({@code module_is_live}) and the count that
 * {@code module_refcount} reads. Each name keeps its latest instance after free_module: that is the
 * stale pointer a caller may still hold, and touching it is a use-after-free.
 *
 * <p>Each field has one writer. The loader (module_mutex): the list, the state, the free, the
 * strong references of the modules using this one and their names (holders), the moment parse_args
 * has written the parameters. The module's actor: its own count and the 2.4 use flags. Readers:
 * steps on the CPUs, the module's actor, /proc/modules. A read takes no message, which is what lets
 * the 2.6 {@code try_module_get} touch only its own CPU's counter; in deterministic mode only one
 * entity runs at a time, so such a read is as reproducible as a message.
 *
 * <p>Every read and write is declared to the engine ({@code modules:NAME} for the list, {@code
 * modules:INSTANCE/FIELD} for a field), and the table is the engine's shared memory region {@code
 * modules}, with a digest of every field.
 */
public final class ModuleTable implements StateDigest {
  /** The region name of the table's locations. */
  public static final String REGION = "modules";

  private final ModuleEra era;
  private final PerCpuAreas perCpu;
  private final MemoryAccess memory;
  private final ConcurrentHashMap<String, Instance> latest = new ConcurrentHashMap<>();

  /** A table outside any run (pure tests): accesses are not declared. */
  public ModuleTable(Era era, PerCpuAreas perCpu) {
    this(MemoryAccess.NONE, era, perCpu);
  }

  public ModuleTable(MemoryAccess memory, Era era, PerCpuAreas perCpu) {
    this.memory = memory;
    this.era = ModuleEra.of(era);
    this.perCpu = perCpu;
  }

  /** The latest instance of a module name, freed or not; null when there never was one. */
  public Instance pointer(String name) {
    Instance instance = latest.get(name);
    // The instance's name is this name: its location string, made once, is the same string.
    memory.access(instance != null ? instance.listLocation : REGION + ":" + name, Access.READ);
    return instance;
  }

  @Override
  public long stateDigest() {
    long sum = 0;
    for (Instance i : latest.values()) {
      sum += Seeds.mix(Seeds.hash(i.name), i.digest());
    }
    return sum;
  }

  /** The names the table holds (an invariant's walk; read each through {@link #pointer}). */
  java.util.Set<String> names() {
    return latest.keySet();
  }

  /** The latest instance of every name (an invariant's walk; the order is not the list's). */
  java.util.Collection<Instance> instances() {
    for (String name : latest.keySet()) {
      memory.access(REGION + ":" + name, Access.READ);
    }
    return latest.values();
  }

  /** layout_and_allocate: a new struct module, not yet in the list. */
  Instance allocate(String name, long address, long sequence) {
    return new Instance(this, name, address, "module:" + name + "#" + sequence);
  }

  /**
   * Links a new struct module, whose actor is {@code module}, into the list: from now on the name
   * designates it.
   */
  void link(Instance instance, ActorRef<Module.Command> module) {
    memory.access(instance.listLocation, Access.WRITE);
    instance.module = module;
    latest.put(instance.name, instance);
  }

  /** One struct module. */
  public static final class Instance {
    private final ModuleTable table;
    private final String name;
    private ActorRef<Module.Command> module;
    private final long address;
    private final String counter;
    private volatile ModuleState state = ModuleState.UNFORMED;
    private volatile boolean freed;

    /**
     * The count, written by the module's actor on every get and put while the CPUs read this
     * instance's other fields on every step: alone in the middle of an array of its own, so that
     * its cache line holds nothing else (in concurrent mode the writes would otherwise evict the
     * line the readers on the other cores need, on every get and put). Index {@link #COUNT}.
     */
    private final AtomicLongArray count = new AtomicLongArray(2 * COUNT + 1);

    private static final int COUNT = 8;

    /** The strong references of the modules using this one (ref_module), kept by the loader. */
    private volatile long dependents;

    /** The names of those modules, oldest first (source_list; /sys/module/NAME/holders). */
    private volatile List<String> holders = List.of();

    /** parse_args has written the parameter values into the module (load_module). */
    private volatile boolean argsParsed;

    /** 2.4: a module used this one once (init_module set MOD_USED_ONCE), written by the loader. */
    private volatile boolean usedByModule;

    /** 2.4 MOD_USED_ONCE | MOD_VISITED as the module's actor last stored them. */
    private volatile int useFlags;

    private Instance(ModuleTable table, String name, long address, String counter) {
      this.table = table;
      this.name = name;
      this.address = address;
      this.counter = counter;
      this.listLocation = REGION + ":" + name;
      String location = REGION + ":" + counter + "/";
      this.stateLocation = location + "state";
      this.freedLocation = location + "freed";
      this.countLocation = location + "count";
      this.dependentsLocation = location + "dependents";
      this.holdersLocation = location + "holders";
      this.argsLocation = location + "args";
      this.usedLocation = location + "used";
      this.flagsLocation = location + "flags";
      count.set(COUNT, 1);
    }

    // The locations of the list entry and of each field ("modules:module:usedev#2/count"), made
    // once: reads are on every get and put, and a location built per read cost more than the read.
    private final String listLocation;
    private final String stateLocation;
    private final String freedLocation;
    private final String countLocation;
    private final String dependentsLocation;
    private final String holdersLocation;
    private final String argsLocation;
    private final String usedLocation;
    private final String flagsLocation;

    private void read(String location) {
      if (table != null) {
        table.memory.access(location, Access.READ);
      }
    }

    private void write(String location) {
      if (table != null) {
        table.memory.access(location, Access.WRITE);
      }
    }

    /** Every field that changes, by value (the module's actor by the instance's name). */
    long digest() {
      long h = Seeds.hash(counter);
      h = Seeds.mix(h, address);
      h = Seeds.mix(h, state.ordinal());
      h = Seeds.mix(h, freed ? 1 : 0);
      h = Seeds.mix(h, count.get(COUNT));
      h = Seeds.mix(h, dependents);
      h = Seeds.mix(h, Seeds.hash(String.join(",", holders)));
      h = Seeds.mix(h, (argsParsed ? 1 : 0) | (usedByModule ? 2 : 0) | (module != null ? 4 : 0));
      return Seeds.mix(h, useFlags);
    }

    /** A 2.4 create_module slot: a blank struct module, with no image and no count yet. */
    static Instance blank(String name, long address) {
      Instance slot = new Instance(null, name, address, "module:" + name);
      slot.count.set(COUNT, 0);
      return slot;
    }

    public String name() {
      return name;
    }

    /** The module's actor: the owner of its count, its code and its parameters. */
    public ActorRef<Module.Command> module() {
      return module;
    }

    public long address() {
      return address;
    }

    /** 2.6: the name of this instance's counter in every CPU's per-CPU area. */
    public String perCpuCounter() {
      return counter;
    }

    /** module_is_live(): every state but GOING (2.6 onwards). */
    public boolean live() {
      read(stateLocation);
      return state != ModuleState.GOING;
    }

    public boolean freed() {
      read(freedLocation);
      return freed;
    }

    /**
     * module_refcount(): the module's own count and, from 2.6 on, one reference per module using
     * it, plus in 2.6 the sum of the CPUs' counters read without stopping them (so it may be stale
     * by the time it is shown, as in the kernel). 2.4 did not count dependencies.
     */
    public long refcount() {
      read(countLocation);
      long count = this.count.get(COUNT);
      if (table == null || !table.era.countsDependents()) {
        return count;
      }
      read(dependentsLocation);
      long value = count + dependents;
      return table.era.perCpuCounts() ? value + table.perCpu.sum(counter) : value;
    }

    /** mod->state, read without module_mutex (module_is_live, /sys/module/NAME/initstate). */
    ModuleState state() {
      read(stateLocation);
      return state;
    }

    /** Written by the loader only; the transitions it may make are checked there. */
    void setState(ModuleState newState) {
      write(stateLocation);
      state = newState;
    }

    List<String> holders() {
      read(holdersLocation);
      return holders;
    }

    void setHolders(List<String> names) {
      write(holdersLocation);
      holders = List.copyOf(names);
    }

    boolean argsParsed() {
      read(argsLocation);
      return argsParsed;
    }

    void argsParsed(boolean parsed) {
      write(argsLocation);
      argsParsed = parsed;
    }

    boolean usedByModule() {
      read(usedLocation);
      return usedByModule;
    }

    void markUsedByModule() {
      write(usedLocation);
      usedByModule = true;
    }

    int useFlags() {
      read(flagsLocation);
      return useFlags;
    }

    /** The module's actor stores its 2.4 flags, before it answers the CPU that changed them. */
    void publishUseFlags(int flags) {
      write(flagsLocation);
      useFlags = flags;
    }

    void free() {
      write(freedLocation);
      org.kmodsim.cpu.Bug.on(freed, () -> "double free_module of " + name);
      freed = true;
    }

    /**
     * ref_module / module_unload_free: a module using this one took (+1) or dropped (-1) its strong
     * reference. The loader writes it under module_mutex, so a delete_module that has returned has
     * dropped its references for every later reader.
     */
    void addDependent(int delta) {
      write(dependentsLocation);
      org.kmodsim.cpu.Bug.on(dependents + delta < 0, () -> "negative module references on " + name);
      dependents += delta;
    }

    /** The module's actor stores its count after each change. */
    void publishCount(long value) {
      write(countLocation);
      count.set(COUNT, value);
    }
  }
}

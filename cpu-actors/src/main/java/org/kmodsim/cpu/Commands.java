package org.kmodsim.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The step language: every step is a command line, {@code name arg arg ...}, and this registry maps
 * each name to the factory of its step. Scenario programs, module functions and shell lines all go
 * through it. Subsystems register their commands while the machine boots; the registry is then
 * frozen.
 */
public final class Commands {
  // A hash map: every boot registers its commands and every step line looks one up; only the
  // documentation and the shell's completion want them sorted (entries()).
  private final HashMap<String, Entry> entries = new HashMap<>();
  private boolean frozen;

  /**
   * A registered command, with a one-line synopsis for the documentation and errors, and its kind:
   * what a failure of it looks like when it is a command of its own (a shell line).
   */
  public record Entry(String name, String synopsis, CommandFactory factory, Kind kind) {
    public Entry(String name, String synopsis, CommandFactory factory) {
      this(name, synopsis, factory, Kind.COMMAND);
    }
  }

  /**
   * What a command models. A {@code COMMAND} is a program that prints its own errors and sets its
   * exit status. A {@code SYSCALL} is a bare system call (its result is the return value, 0 or
   * -errno): as a shell line it behaves like a C program that calls it and, when it fails, calls
   * {@code perror(NAME)} and exits 1. A {@code KERNEL_CALL} is a kernel API called from a test
   * module ({@code register_kprobe}): a failure is reported as the kernel's samples do, {@code NAME
   * failed, returned -ERRNO}.
   */
  public enum Kind {
    COMMAND,
    SYSCALL,
    KERNEL_CALL
  }

  /** The commands of the CPU itself ({@link BasicSteps}): spin, sleep, trace, true, false, ... */
  public static Commands standard() {
    Commands commands = new Commands();
    commands.entries.putAll(STANDARD);
    return commands;
  }

  /**
   * The CPU's own commands, registered once per JVM: their factories keep nothing of a machine, and
   * every run's boot starts its registry from them.
   */
  private static final Map<String, Entry> STANDARD = standardEntries();

  private static Map<String, Entry> standardEntries() {
    Commands commands = new Commands();
    BasicSteps.register(commands);
    return Map.copyOf(commands.entries);
  }

  public void register(String name, String synopsis, CommandFactory factory) {
    register(name, synopsis, factory, Kind.COMMAND);
  }

  /**
   * Registers the command its synopsis names: the synopsis starts with the command's name, so it is
   * written once, {@code register("spin DURATION", args -> ...)}.
   */
  public void register(String synopsis, CommandFactory factory) {
    register(nameOf(synopsis), synopsis, factory);
  }

  /** A bare system call (see {@link Kind#SYSCALL}), named by its synopsis. */
  public void registerSyscall(String synopsis, CommandFactory factory) {
    registerSyscall(nameOf(synopsis), synopsis, factory);
  }

  /** A kernel API call (see {@link Kind#KERNEL_CALL}), named by its synopsis. */
  public void registerKernelCall(String synopsis, CommandFactory factory) {
    registerKernelCall(nameOf(synopsis), synopsis, factory);
  }

  private static String nameOf(String synopsis) {
    int space = synopsis.indexOf(' ');
    return space < 0 ? synopsis : synopsis.substring(0, space);
  }

  /**
   * A generic kernel call that more than one subsystem can provide ({@code printk}, {@code kcall}):
   * registered by whichever boots first, the others leave it. Named by its synopsis.
   */
  public void registerIfAbsent(String synopsis, CommandFactory factory) {
    if (!has(nameOf(synopsis))) {
      register(synopsis, factory);
    }
  }

  /** A bare system call (see {@link Kind#SYSCALL}). */
  public void registerSyscall(String name, String synopsis, CommandFactory factory) {
    register(name, synopsis, factory, Kind.SYSCALL);
  }

  /** A kernel API call (see {@link Kind#KERNEL_CALL}). */
  public void registerKernelCall(String name, String synopsis, CommandFactory factory) {
    register(name, synopsis, factory, Kind.KERNEL_CALL);
  }

  public void register(String name, String synopsis, CommandFactory factory, Kind kind) {
    if (frozen) {
      throw new IllegalStateException("commands are frozen once the machine has booted");
    }
    if (entries.putIfAbsent(name, new Entry(name, synopsis, factory, kind)) != null) {
      throw new IllegalStateException("command '" + name + "' is registered twice");
    }
  }

  /**
   * Registers every command of {@code shared}, a frozen registry built once whose factories keep
   * nothing of a machine (a subsystem's stateless commands, shared by every boot).
   */
  public void registerAll(Commands shared) {
    if (!shared.frozen) {
      throw new IllegalStateException("only a frozen registry is shared");
    }
    for (Entry entry : shared.entries.values()) {
      register(entry.name(), entry.synopsis(), entry.factory(), entry.kind());
    }
  }

  public Commands freeze() {
    frozen = true;
    return this;
  }

  /** The kind of command {@code name}; {@link Kind#COMMAND} when it is not registered. */
  public Kind kind(String name) {
    Entry entry = entries.get(name);
    return entry == null ? Kind.COMMAND : entry.kind();
  }

  public boolean has(String name) {
    return entries.containsKey(name);
  }

  /** Every command by name, sorted (a copy). */
  public SortedMap<String, Entry> entries() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  /** Parses one command line into its step. */
  public Step parse(String line) {
    return parse(CommandLine.split(line));
  }

  /** Makes the step of a command line already split into words ({@link CommandLine#split}). */
  public Step parse(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    return make(words.get(0), new ArrayList<>(words.subList(1, words.size())));
  }

  /**
   * Makes the step of command {@code name} with {@code args}, which the factory may keep: a program
   * read once ({@link StepProgram}) hands every run the same unmodifiable list.
   */
  Step make(String name, List<String> args) {
    Entry entry = entries.get(name);
    if (entry == null) {
      throw new UnknownCommandException(name);
    }
    try {
      return entry.factory().create(args);
    } catch (UnknownCommandException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name + ": " + e.getMessage() + " (usage: " + entry.synopsis() + ")", e);
    }
  }

  /** A command name nobody registered; the shell prints {@code sh: NAME: not found}. */
  public static final class UnknownCommandException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String command;

    public UnknownCommandException(String command) {
      super(command + ": command not found");
      this.command = command;
    }

    public String command() {
      return command;
    }
  }
}

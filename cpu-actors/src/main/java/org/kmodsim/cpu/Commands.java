package org.kmodsim.cpu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The step language: every step is a command line, {@code name arg arg ...}, and this registry maps
 * each name to the factory of its step. Scenario programs, module functions and shell lines all go
 * through it. Subsystems register their commands while the machine boots; the registry is then
 * frozen.
 */
public final class Commands {
  private final TreeMap<String, Entry> entries = new TreeMap<>();
  private boolean frozen;

  /** A registered command, with a one-line synopsis for the documentation and errors. */
  public record Entry(String name, String synopsis, CommandFactory factory) {}

  /** The commands of the CPU itself: spin, sleep, trace, atomic_inc_return, true, false. */
  public static Commands standard() {
    Commands commands = new Commands();
    commands.register("spin", "spin DURATION (e.g. 200ns, 5us, 1ms)", BasicSteps::spin);
    commands.register(
        "sleep", "sleep DURATION (the task sleeps; its CPU idles)", BasicSteps::sleep);
    commands.register("trace", "trace TEXT", BasicSteps::trace);
    commands.register(
        "atomic_inc_return",
        "atomic_inc_return (on the machine's shared counter)",
        BasicSteps::atomicIncReturn);
    commands.register("true", "true", args -> new ExitStatus(0));
    commands.register("false", "false", args -> new ExitStatus(1));
    return commands;
  }

  public void register(String name, String synopsis, CommandFactory factory) {
    if (frozen) {
      throw new IllegalStateException("commands are frozen once the machine has booted");
    }
    if (entries.containsKey(name)) {
      throw new IllegalStateException("command '" + name + "' is registered twice");
    }
    entries.put(name, new Entry(name, synopsis, factory));
  }

  public Commands freeze() {
    frozen = true;
    return this;
  }

  public boolean has(String name) {
    return entries.containsKey(name);
  }

  public SortedMap<String, Entry> entries() {
    return Collections.unmodifiableSortedMap(entries);
  }

  /** Parses one command line into its step. */
  public Step parse(String line) {
    List<String> words = CommandLine.split(line);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    Entry entry = entries.get(words.get(0));
    if (entry == null) {
      throw new UnknownCommandException(words.get(0));
    }
    try {
      return entry.factory().create(new ArrayList<>(words.subList(1, words.size())));
    } catch (UnknownCommandException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          words.get(0) + ": " + e.getMessage() + " (usage: " + entry.synopsis() + ")", e);
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

package org.kmodsim.kernel.module;

import java.util.List;
import java.util.Set;
import org.kmodsim.cpu.Step;

/**
 * A module's code written in Java instead of the step language: what {@code module_init}, {@code
 * module_exit} and the module's other functions are in a C source file. A module file names the
 * class with {@code behaviour = "com.example.MyModule"}; the class needs a public constructor
 * without arguments, and is created once per module file read.
 *
 * <p>A function is a list of {@link Step}s, the unit a CPU runs between two safe points. A Java
 * step may do anything a built-in one does (set the C return value, charge its cost, send a message
 * and wait for the answer); {@code commands} turns command lines of the step language ({@code
 * "printk KERN_INFO \"x: up\""}, {@code "module_put THIS_MODULE"}, {@code "return -ENODEV"}) into
 * steps, with {@code THIS_MODULE} bound to the module. A function the file also defines is an
 * error; the others of the file stay. One instance may serve several machines and threads: keep
 * state in the machine (per-CPU data, parameters), not in fields.
 */
public interface ModuleBehaviour {
  /** The functions this class implements: {@code init}, {@code exit} and callable ones. */
  Set<String> functions();

  /** The steps of {@code function}, one of {@link #functions()}. */
  List<Step> function(String function, Commands commands);

  /** Parses command lines of the step language into steps for this module. */
  interface Commands {
    Step parse(String commandLine);
  }
}

package org.kmodsim.cpu;

import java.util.List;

/**
 * Makes the step for one command line. {@code args} are the words after the command name, with
 * quotes removed; a factory throws {@link IllegalArgumentException} with a usage message when they
 * do not fit.
 */
@FunctionalInterface
public interface CommandFactory {
  Step create(List<String> args);
}

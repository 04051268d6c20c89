package org.kmodsim.scenarios.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.kmodsim.sim.SimEngine;

/**
 * Ctrl-C (SIGINT) and SIGTERM for the command line. The first signal interrupts the simulation
 * engine: every run in progress ends as interrupted, loops of runs stop, and the command prints
 * what it found so far and exits with 128 + the signal's number (130, 143). A command that has not
 * stopped within {@link #GRACE_MILLIS} (one blocked in model code, say) and a second signal end the
 * JVM at once with that status.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to handle a signal and
 * go on; it is reached by reflection because javac warns about it, unsuppressibly, and the build
 * turns warnings into errors. Where it is missing the JVM's default handling stays.
 */
public final class Signals {
  static final long GRACE_MILLIS = 3_000;

  private static volatile String received;
  private static volatile int status;
  private static volatile boolean readingInput;

  private Signals() {}

  /** Installs the handlers for INT and TERM; once per JVM, by {@code Main.main}. */
  public static void install() {
    handle("INT", 2);
    handle("TERM", 15);
  }

  /** The signal that stopped the command ({@code SIGINT}, {@code SIGTERM}), or null. */
  public static String received() {
    return received;
  }

  /** 128 + the signal's number once one was received, else 0. */
  public static int status() {
    return status;
  }

  /**
   * Marks the time the command is blocked reading standard input: nothing has run yet, so a signal
   * then ends the JVM at once instead of after the grace period.
   */
  static void readingInput(boolean reading) {
    readingInput = reading;
  }

  /** Called on the JDK's signal thread. */
  static void onSignal(String name, int number) {
    if (received != null) {
      Runtime.getRuntime().halt(status);
    }
    status = 128 + number;
    received = "SIG" + name;
    if (readingInput) {
      System.out.flush();
      System.err.println("kmodsim: " + received + ": stopped while reading standard input");
      System.err.flush();
      Runtime.getRuntime().halt(status);
    }
    SimEngine.shared().interrupt();
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(GRACE_MILLIS);
              } catch (InterruptedException e) {
                return;
              }
              System.out.flush();
              System.err.println("kmodsim: " + received + ": stopped");
              System.err.flush();
              Runtime.getRuntime().halt(status);
            },
            "kmodsim-signal-grace");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private static void handle(String name, int number) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Object handler =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      onSignal(name, number);
                      yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "kmodsim SIG" + name + " handler";
                  });
      Method install = signalClass.getMethod("handle", signalClass, handlerClass);
      install.invoke(null, signal, handler);
    } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
      // No sun.misc.Signal, or the signal is not available here: the JVM's default stays.
    }
  }
}

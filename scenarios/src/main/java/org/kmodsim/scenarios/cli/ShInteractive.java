package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ParamSpec;
import org.kmodsim.scenarios.config.RunSettings;
import org.kmodsim.scenarios.machine.Kernel;
import org.kmodsim.scenarios.machine.Machine;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.shell.InteractiveShell;
import org.kmodsim.scenarios.shell.ShellCompleter;
import org.kmodsim.scenarios.shell.ShellSession;
import org.kmodsim.sim.SimEngine;
import org.kmodsim.sim.SimMode;
import org.kmodsim.userspace.ModuleRepository;

/**
 * {@code kmodsim sh} on a terminal: boots a deterministic machine as a stepped run with an
 * interactive shell and hands it to the JLine terminal ({@link InteractiveShell}). Each line may
 * use the run's step and virtual-time limits; the run has no wall-time limit. History is kept in
 * {@code ~/.kmodsim_history} ({@code KMODSIM_HISTORY} names another file, {@code off} none).
 */
final class ShInteractive {
  private ShInteractive() {}

  static int run(Config config, RunSettings settings, Cred cred, String user) {
    if (settings.mode() != SimMode.DETERMINISTIC) {
      throw new IllegalArgumentException(
          "the interactive shell runs deterministic machines only; give --mode concurrent"
              + " commands with -c or on standard input");
    }
    ShellSession session = boot(config, settings, cred);
    try (Terminal terminal = TerminalBuilder.builder().system(true).name("kmodsim").build()) {
      return new InteractiveShell(
              terminal, session, user, sources(config, settings.era()), history())
          .run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      session.close();
    }
  }

  /** A booted machine with an interactive shell, its consoles collected by the session. */
  static ShellSession boot(Config config, RunSettings settings, Cred cred) {
    ShellSession session = new ShellSession(settings.maxSteps(), settings.maxVirtualNanos());
    MachineSpec spec =
        new MachineSpec(
            config,
            settings.era(),
            settings.cpus(),
            Kernel.withConsole(config, settings.era(), session),
            List.of(),
            List.of(),
            cred,
            settings.shellCpu());
    session.boot(
        s ->
            SimEngine.shared()
                .startStepped(
                    settings
                        .runSpec()
                        .withChoiceLog(false)
                        .withLimits(Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofDays(3650))
                        .withRoot(
                            "machine", sim -> Machine.create(sim, spec, new MachineReport(), s))));
    return session;
  }

  /** The module files and their parameters, from the configured module directory; the era. */
  static ShellCompleter.Sources sources(Config config, Era era) {
    ModuleRepository repository =
        new ModuleRepository(config.getString("kmodsim.modules.directory"), era);
    return new ShellCompleter.Sources() {
      @Override
      public List<String> moduleFiles() {
        return new ArrayList<>(repository.all().keySet());
      }

      @Override
      public List<String> parameters(String moduleFile) {
        ModuleRepository.Found found = repository.file(moduleFile);
        List<String> names = new ArrayList<>();
        if (found != null) {
          try {
            for (ParamSpec param : found.definition(era).params()) {
              names.add(param.name());
            }
          } catch (ModuleFile.ModuleFormatException e) {
            // a broken file has no parameters to offer; insmod reports it
          }
        }
        return names;
      }

      @Override
      public Era era() {
        return era;
      }
    };
  }

  private static Path history() {
    String named = System.getenv("KMODSIM_HISTORY");
    if ("off".equals(named)) {
      return null;
    }
    return named != null && !named.isEmpty()
        ? Paths.get(named)
        : Paths.get(System.getProperty("user.home"), ".kmodsim_history");
  }
}

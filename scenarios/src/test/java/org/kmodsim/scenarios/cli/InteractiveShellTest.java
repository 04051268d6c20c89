package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cred;
import org.kmodsim.scenarios.config.RunSettings;
import org.kmodsim.scenarios.shell.InteractiveShell;
import org.kmodsim.scenarios.shell.ShellSession;

/**
 * The interactive shell under a terminal emulated by JLine's ExternalTerminal (what a pty gives:
 * keys in, escape sequences out): the prompt, completion of {@code insmod h<TAB>}, history
 * (Ctrl-P), a pipe into grep, {@code $?} after a failing rmmod, the strace form of a failing system
 * call, and a panic that halts the machine.
 */
class InteractiveShellTest {

  /** Types {@code keys} at a shell on a fresh 6.x machine; returns the screen's text and status. */
  private static String[] session(String keys) throws IOException {
    Config config = ConfigFactory.load();
    RunSettings settings = RunSettings.fromConfig(config);
    ShellSession session = ShInteractive.boot(config, settings, Cred.root());
    PipedInputStream in = new PipedInputStream(1 << 16);
    PipedOutputStream typed = new PipedOutputStream(in);
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    int status;
    try (ExternalTerminal terminal =
        new ExternalTerminal("test", "xterm", in, screen, StandardCharsets.UTF_8)) {
      terminal.setSize(new Size(100, 40));
      typed.write(keys.getBytes(StandardCharsets.UTF_8));
      typed.flush();
      status =
          new InteractiveShell(
                  terminal, session, "root", ShInteractive.sources(config, settings.era()), null)
              .run();
    } finally {
      session.close();
    }
    String text =
        screen
            .toString(StandardCharsets.UTF_8)
            .replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]|\u001b[=>]", "")
            .replace("\r", "");
    return new String[] {text, Integer.toString(status)};
  }

  @Test
  void completesRunsPipesAndRemembers() throws IOException {
    String[] run =
        session(
            "insmod h\t\r"
                + "lsmod | grep hello\r"
                + "rmmod nosuch\r"
                + "echo $?\r"
                + "uname -r\r"
                + "\u0010\r" // Ctrl-P: the previous line of the history
                + "init_module hello.conf\r"
                + "exit\r");
    String screen = run[0];
    assertThat(screen).contains("root@kmodsim:~# ");
    // insmod h<TAB> completed to the one module file starting with h, and the module loaded
    assertThat(screen).contains("insmod hello.conf");
    assertThat(screen).contains("hello                  16384  0");
    assertThat(screen).contains("rmmod: ERROR: Module nosuch is not currently loaded");
    assertThat(screen).containsPattern("echo \\$\\?\n1\n");
    // Ctrl-P recalled uname -r: the release printed twice
    assertThat(screen.split("6\\.12\\.0\n", -1)).hasSize(3);
    assertThat(screen)
        .contains("init_module(<image of hello.conf>, \"\") = -1 EEXIST (File exists)");
    // printk reached the console live: init's Hello, world
    assertThat(screen).contains("Hello, world");
    assertThat(run[1]).isEqualTo("1"); // exit gives the last status: init_module failed
  }

  @Test
  void completesAPrintkLevelMacro() throws IOException {
    String[] run = session("printk KERN_AL\t\"tabbed in\\n\"\rexit\r");
    // KERN_AL<TAB> completed to the one macro starting so, and the line printed at that level
    assertThat(run[0]).contains("printk KERN_ALERT \"tabbed in\\n\"");
    assertThat(run[0]).containsPattern("\\] tabbed in\n");
    assertThat(run[1]).isEqualTo("0");
  }

  @Test
  void panicPrintsItsTextAndSaysTheMachineHalted() throws IOException {
    String[] run = session("panic \"it broke\"\recho after\r");
    assertThat(run[0]).contains("Kernel panic - not syncing: it broke");
    assertThat(run[0])
        .contains("kmodsim: sh: the machine halted: Kernel panic - not syncing: it broke");
    assertThat(run[0]).doesNotContain("\nafter");
    assertThat(run[1]).isEqualTo("1");
  }
}

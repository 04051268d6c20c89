package org.kmodsim.scenarios.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.pekko.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code kmodsim version}: the kmodsim, Pekko and Java versions. */
@Command(name = "version", description = "Print the kmodsim, Pekko and Java versions.")
public final class VersionCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    for (String line : lines()) {
      System.out.println(line);
    }
    return 0;
  }

  static String[] lines() {
    return new String[] {
      "kmodsim " + kmodsimVersion(),
      "Apache Pekko " + Version.current(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  public static String kmodsimVersion() {
    Properties properties = new Properties();
    try (InputStream in = VersionCommand.class.getResourceAsStream("/kmodsim-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return properties.getProperty("version", "unknown");
  }

  /** For {@code kmodsim --version}. */
  public static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines();
    }
  }
}

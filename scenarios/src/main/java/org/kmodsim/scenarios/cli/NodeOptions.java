package org.kmodsim.scenarios.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every cluster node has ({@code cluster seed}, {@code cluster worker}, {@code explore
 * --cluster}): the address it listens on and is reached at, and the shared secret.
 */
final class NodeOptions {
  @Option(
      names = "--host",
      paramLabel = "H",
      description =
          "This cluster node's address, to listen on and be reached at (default: 127.0.0.1).")
  String host = "127.0.0.1";

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description = "The cluster's shared secret, which nodes from other addresses must prove.")
  Path secretFile;
}

package org.kmodsim.kernel.fs;

import org.kmodsim.kernel.Errno;

/** The answer to a {@link FileRequest}. */
public sealed interface FileReply {
  record Content(String text) implements FileReply {}

  record Written(int bytes) implements FileReply {}

  record Listing(java.util.List<String> names) implements FileReply {
    public Listing {
      names = java.util.List.copyOf(names);
    }
  }

  /**
   * The call failed with {@code errno}; {@code atOpen} tells whether open(2) failed (a file without
   * write permission) or the read/write itself (a value the kernel rejects).
   */
  record Failed(Errno errno, boolean atOpen) implements FileReply {}
}

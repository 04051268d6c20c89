package org.kmodsim.scenarios.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * What makes two nodes give the same result for a unit: the kmodsim version and the SHA-256 of the
 * jar the classes came from ({@code classes} when they are not in a jar: a development build).
 * Module files travel with each unit and carry their own digest.
 */
public final class BuildId {
  private static volatile String current;

  private BuildId() {}

  /** This JVM's build: {@code kmodsim VERSION jar HASH}. */
  public static String current() {
    if (current == null) {
      current = "kmodsim " + version() + " jar " + jarDigest();
    }
    return current;
  }

  /** SHA-256 (hex, first 16 digits) of files by relative path, in path order. */
  public static String digest(Map<String, byte[]> files) {
    MessageDigest sha = sha256();
    new java.util.TreeMap<>(files)
        .forEach(
            (path, bytes) -> {
              sha.update(path.getBytes(StandardCharsets.UTF_8));
              sha.update((byte) 0);
              sha.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
              sha.update((byte) 0);
              sha.update(bytes);
            });
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }

  private static String version() {
    Properties properties = new Properties();
    try (InputStream in = BuildId.class.getResourceAsStream("/kmodsim-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return properties.getProperty("version", "unknown");
  }

  private static String jarDigest() {
    try {
      Path where =
          Path.of(BuildId.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(where)) {
        return "classes";
      }
      MessageDigest sha = sha256();
      try (InputStream in = Files.newInputStream(where)) {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          sha.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (IOException | URISyntaxException | SecurityException e) {
      return "unknown";
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

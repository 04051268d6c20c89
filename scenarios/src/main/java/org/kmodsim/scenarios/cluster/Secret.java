package org.kmodsim.scenarios.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster's shared secret ({@code --secret-file}): a node proves it knows it with an
 * HMAC-SHA256 of its own address, checked by the coordinator before it gives the node any work.
 * Without a secret the coordinator accepts only nodes of its own host. The proof does not hide the
 * traffic: across an untrusted network use Artery's TLS transport as well (docs/cluster.md).
 */
public final class Secret {
  private static final Secret NONE = new Secret(null);

  private final byte[] key;

  private Secret(byte[] key) {
    this.key = key;
  }

  public static Secret none() {
    return NONE;
  }

  /** The file's contents, surrounding white space removed; refused when empty or unreadable. */
  public static Secret read(Path file) {
    if (file == null) {
      return NONE;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new IllegalArgumentException("--secret-file: cannot read " + file);
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("--secret-file: " + file + " is empty");
    }
    return new Secret(text.getBytes(StandardCharsets.UTF_8));
  }

  public static Secret of(String text) {
    return new Secret(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The proof a node at {@code address} sends; empty without a secret. */
  public String proof(String address) {
    if (key == null) {
      return "";
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal(("kmodsim-cluster " + address).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  /**
   * Why a node at {@code address} (host {@code host}) with {@code proof} may not join, or null when
   * it may: the right proof, or no secret here and the coordinator's own host.
   */
  String refusal(String address, String host, String ownHost, String proof) {
    if (key == null) {
      return host.equals(ownHost)
          ? null
          : "a node from another address and no --secret-file on the coordinator";
    }
    return MessageDigest.isEqual(
            proof(address).getBytes(StandardCharsets.UTF_8), proof.getBytes(StandardCharsets.UTF_8))
        ? null
        : "wrong shared secret";
  }
}

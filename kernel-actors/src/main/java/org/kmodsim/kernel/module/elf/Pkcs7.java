package org.kmodsim.kernel.module.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of a PKCS#7 SignedData (RFC 2315) that modinfo shows, read as kmod's fill_pkcs7 reads it
 * through OpenSSL (libkmod/libkmod-signature.c): the first SignerInfo's issuer common name, serial
 * number, digest algorithm and encrypted digest. A minimal DER reader: definite lengths only, every
 * length checked against its parent. Anything it cannot read gives no fields, as kmod then shows
 * none.
 */
final class Pkcs7 {
  private Pkcs7() {}

  private static final byte[] OID_SIGNED_DATA = {
    0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x07, 0x02
  };
  private static final byte[] OID_COMMON_NAME = {0x55, 0x04, 0x03};

  /** Digest algorithm OIDs in kmod's pkey_hash_algo order (md4 .. sm3). */
  private static final byte[][] HASH_OIDS = {
    {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x02, 0x04},
    {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x02, 0x05},
    {0x2b, 0x0e, 0x03, 0x02, 0x1a},
    {0x2b, 0x24, 0x03, 0x02, 0x01},
    {0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01},
    {0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02},
    {0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03},
    {0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04},
    {0x2a, (byte) 0x81, 0x1c, (byte) 0xcf, 0x55, 0x01, (byte) 0x83, 0x11}
  };

  /** A DER element: its tag, and where its contents start and end. */
  private record Tlv(int tag, int start, int end) {}

  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
  }

  /** modinfo's signature fields of the DER blob {@code b[from, from + length)}; empty if unread. */
  static List<ModuleSignature.Field> fields(byte[] b, int from, int length) {
    try {
      return read(b, from, from + length);
    } catch (Malformed e) {
      return List.of();
    }
  }

  private static List<ModuleSignature.Field> read(byte[] b, int from, int end) throws Malformed {
    Tlv contentInfo = expect(b, from, end, 0x30);
    List<Tlv> ci = children(b, contentInfo);
    if (ci.size() < 2 || ci.get(0).tag() != 0x06 || !equal(b, ci.get(0), OID_SIGNED_DATA)) {
      throw new Malformed();
    }
    Tlv signedData = expect(b, ci.get(1).start(), ci.get(1).end(), 0x30);
    List<Tlv> sd = children(b, signedData);
    Tlv signerInfos = sd.get(sd.size() - 1);
    if (signerInfos.tag() != 0x31) {
      throw new Malformed();
    }
    List<Tlv> infos = children(b, signerInfos);
    if (infos.isEmpty() || infos.get(0).tag() != 0x30) {
      throw new Malformed();
    }
    List<Tlv> si = children(b, infos.get(0));
    if (si.size() < 5 || si.get(1).tag() != 0x30) {
      throw new Malformed();
    }
    List<Tlv> issuerAndSerial = children(b, si.get(1));
    if (issuerAndSerial.size() != 2 || issuerAndSerial.get(1).tag() != 0x02) {
      throw new Malformed();
    }
    String signer = commonName(b, issuerAndSerial.get(0));
    Tlv serial = issuerAndSerial.get(1);
    int serialStart = serial.start();
    if (serial.end() - serialStart > 1 && b[serialStart] == 0 && (b[serialStart + 1] & 0x80) == 0) {
      throw new Malformed(); // OpenSSL refuses a non-minimal INTEGER, and kmod shows nothing
    }
    while (serialStart < serial.end() && b[serialStart] == 0) {
      serialStart++; // BN_bn2bin: no leading zero bytes
    }
    String hash = hashName(b, si.get(2));
    Tlv digest = null;
    for (int i = 3; i < si.size(); i++) {
      if (si.get(i).tag() == 0x04) {
        digest = si.get(i);
        break;
      }
    }
    if (digest == null) {
      throw new Malformed();
    }
    List<ModuleSignature.Field> fields = new ArrayList<>();
    fields.add(new ModuleSignature.Field("sig_id", "PKCS#7", null));
    fields.add(new ModuleSignature.Field("signer", signer, null));
    fields.add(
        new ModuleSignature.Field(
            "sig_key", null, Arrays.copyOfRange(b, serialStart, serial.end())));
    fields.add(new ModuleSignature.Field("sig_hashalgo", hash, null));
    fields.add(
        new ModuleSignature.Field(
            "signature", null, Arrays.copyOfRange(b, digest.start(), digest.end())));
    return fields;
  }

  /** x509_name_to_str: the first commonName of the Name, else the value of its last entry. */
  private static String commonName(byte[] b, Tlv name) throws Malformed {
    if (name.tag() != 0x30) {
      throw new Malformed();
    }
    Tlv last = null;
    for (Tlv rdn : children(b, name)) {
      for (Tlv attribute : children(b, rdn)) {
        List<Tlv> pair = children(b, attribute);
        if (pair.size() != 2 || pair.get(0).tag() != 0x06) {
          throw new Malformed();
        }
        last = pair.get(1);
        if (equal(b, pair.get(0), OID_COMMON_NAME)) {
          return text(b, last);
        }
      }
    }
    return last == null ? "" : text(b, last);
  }

  private static String hashName(byte[] b, Tlv algorithm) throws Malformed {
    List<Tlv> parts = children(b, algorithm);
    if (parts.isEmpty() || parts.get(0).tag() != 0x06) {
      throw new Malformed();
    }
    for (int i = 0; i < HASH_OIDS.length; i++) {
      if (equal(b, parts.get(0), HASH_OIDS[i])) {
        return ModuleSignature.hashName(i);
      }
    }
    return "unknown";
  }

  private static String text(byte[] b, Tlv value) {
    return new String(b, value.start(), value.end() - value.start(), StandardCharsets.UTF_8);
  }

  private static boolean equal(byte[] b, Tlv tlv, byte[] expected) {
    return Arrays.equals(b, tlv.start(), tlv.end(), expected, 0, expected.length);
  }

  private static Tlv expect(byte[] b, int at, int end, int tag) throws Malformed {
    Tlv tlv = tlv(b, at, end);
    if (tlv.tag() != tag) {
      throw new Malformed();
    }
    return tlv;
  }

  private static List<Tlv> children(byte[] b, Tlv parent) throws Malformed {
    if ((parent.tag() & 0x20) == 0) {
      throw new Malformed(); // a primitive element has no children
    }
    List<Tlv> out = new ArrayList<>();
    int at = parent.start();
    while (at < parent.end()) {
      Tlv child = tlv(b, at, parent.end());
      out.add(child);
      at = child.end();
    }
    return out;
  }

  private static Tlv tlv(byte[] b, int at, int end) throws Malformed {
    if (at + 2 > end) {
      throw new Malformed();
    }
    int tag = b[at] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new Malformed(); // multi-byte tags do not occur in PKCS#7
    }
    int first = b[at + 1] & 0xff;
    int pos = at + 2;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int count = first & 0x7f;
      if (count == 0 || count > 4 || pos + count > end) {
        throw new Malformed(); // indefinite or absurd lengths
      }
      length = 0;
      for (int i = 0; i < count; i++) {
        length = length << 8 | (b[pos++] & 0xff);
      }
    }
    if (length > end - pos) {
      throw new Malformed();
    }
    return new Tlv(tag, pos, pos + (int) length);
  }
}

package org.kmodsim.kernel.module.elf;

import java.io.ByteArrayOutputStream;

/** Test-side DER writer for the PKCS#7 blobs sign-file appends. */
final class Der {
  private Der() {}

  static byte[] tlv(int tag, byte[]... contents) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] c : contents) {
      body.writeBytes(c);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = body.size();
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    }
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  static byte[] seq(byte[]... c) {
    return tlv(0x30, c);
  }

  static byte[] set(byte[]... c) {
    return tlv(0x31, c);
  }

  static byte[] oid(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return tlv(0x06, b);
  }

  static final byte[] SHA256 = oid(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01);
  static final byte[] RSA = oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);
  static final byte[] DATA = oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01);
  static final byte[] SIGNED_DATA = oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02);
  static final byte[] CN = oid(0x55, 0x04, 0x03);
  static final byte[] NULL = {0x05, 0x00};

  /** A detached SignedData as sign-file writes it: one SignerInfo, issuer CN and serial. */
  static byte[] pkcs7(String signer, byte[] serial, byte[] signature) {
    byte[] name =
        seq(set(seq(CN, tlv(0x0c, signer.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    byte[] signerInfo =
        seq(
            tlv(0x02, new byte[] {1}),
            seq(name, tlv(0x02, serial)),
            seq(SHA256, NULL),
            seq(RSA, NULL),
            tlv(0x04, signature));
    byte[] signedData =
        seq(tlv(0x02, new byte[] {1}), set(seq(SHA256, NULL)), seq(DATA), set(signerInfo));
    return seq(SIGNED_DATA, tlv(0xa0, signedData));
  }
}

package org.kmodsim.kernel.module.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * The signature appended to a module (scripts/sign-file.c; kernel/module/signing.c, mod_verify_sig;
 * kmod libkmod/libkmod-signature.c): {@code [signature][struct module_signature, 12 bytes]["~Module
 * signature appended~\n"]}. {@code struct module_signature} is {@code u8 algo, hash, id_type,
 * signer_len, key_id_len, pad[3]; __be32 sig_len}.
 *
 * @param elfLength where the ELF image ends: the file's length less the signature
 * @param problem why the kernel would refuse the trailer (mod_verify_sig's EBADMSG), or null
 * @param idType the key identifier type: 0 PGP, 1 X509, 2 PKCS#7
 * @param fields what modinfo shows for it (sig_id, signer, sig_key, sig_hashalgo, signature), in
 *     kmod's order; empty when kmod cannot read it (kmod_module_signature_info returns false)
 */
public record ModuleSignature(int elfLength, String problem, int idType, List<Field> fields) {

  static final String MAGIC = "~Module signature appended~\n";
  private static final int STRUCT = 12;

  static final String[] ID_TYPES = {"PGP", "X509", "PKCS#7"};
  private static final String[] HASHES = {
    "md4", "md5", "sha1", "rmd160", "sha256", "sha384", "sha512", "sha224", "sm3"
  };

  public ModuleSignature {
    fields = List.copyOf(fields);
  }

  /** One field of modinfo's signature block; {@code bytes} are printed as colon-hex. */
  public record Field(String key, String text, byte[] bytes) {
    public Field {
      bytes = bytes == null ? null : bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes == null ? null : bytes.clone();
    }
  }

  /** The trailer of {@code image[0, length)}, or null when the module is not signed. */
  static ModuleSignature of(byte[] image, int length) {
    int magic = MAGIC.length();
    if (length < magic || !endsWithMagic(image, length)) {
      return null;
    }
    int end = length - magic;
    if (end < STRUCT) {
      return new ModuleSignature(length, "signature trailer is truncated", 0, List.of());
    }
    int at = end - STRUCT;
    int algo = image[at] & 0xff;
    int hash = image[at + 1] & 0xff;
    int idType = image[at + 2] & 0xff;
    int signerLen = image[at + 3] & 0xff;
    int keyIdLen = image[at + 4] & 0xff;
    long sigLen =
        (image[at + 8] & 0xffL) << 24
            | (image[at + 9] & 0xffL) << 16
            | (image[at + 10] & 0xffL) << 8
            | (image[at + 11] & 0xffL);
    if (sigLen == 0 || sigLen + signerLen + keyIdLen > at) {
      return new ModuleSignature(
          length, "signature length " + sigLen + " does not fit the file", idType, List.of());
    }
    int elfLength = (int) (at - sigLen);
    String problem =
        idType != 2 || algo != 0 || hash != 0 || signerLen != 0 || keyIdLen != 0
            ? "signature is not in the PKCS#7 form the kernel accepts"
            : null;
    // kmod_module_signature_info: out-of-range enums make kmod show nothing
    if (algo >= 2 || hash >= HASHES.length || idType >= ID_TYPES.length) {
      return new ModuleSignature(elfLength, problem, idType, List.of());
    }
    List<Field> fields =
        idType == 2
            ? Pkcs7.fields(image, elfLength, (int) sigLen)
            : fillDefault(image, at, (int) sigLen, signerLen, keyIdLen, hash, idType);
    return new ModuleSignature(elfLength, problem, idType, fields);
  }

  /** kmod's fill_default: signer and key id stored before the signature (PGP, X509 forms). */
  private static List<Field> fillDefault(
      byte[] image, int at, int sigLen, int signerLen, int keyIdLen, int hash, int idType) {
    int sig = at - sigLen;
    int key = sig - keyIdLen;
    int signer = key - signerLen;
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("sig_id", ID_TYPES[idType], null));
    fields.add(
        new Field(
            "signer",
            new String(image, signer, signerLen, java.nio.charset.StandardCharsets.UTF_8),
            null));
    fields.add(new Field("sig_key", null, slice(image, key, keyIdLen)));
    fields.add(new Field("sig_hashalgo", HASHES[hash], null));
    fields.add(new Field("signature", null, slice(image, sig, sigLen)));
    return fields;
  }

  static byte[] slice(byte[] b, int from, int length) {
    byte[] out = new byte[length];
    System.arraycopy(b, from, out, 0, length);
    return out;
  }

  static String hashName(int index) {
    return HASHES[index];
  }

  private static boolean endsWithMagic(byte[] image, int length) {
    int start = length - MAGIC.length();
    for (int i = 0; i < MAGIC.length(); i++) {
      if (image[start + i] != MAGIC.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}

package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.module.elf.KoModule;
import org.kmodsim.kernel.module.elf.ModuleSignature;

/**
 * modinfo of a real module file, as kmod 30 prints it (tools/modinfo.c, modinfo_do and
 * modinfo_params_do; libkmod-module.c, kmod_module_get_info and kmod_module_hex_to_str): {@code
 * filename:}, the .modinfo strings in file order, the signature fields, then the parameters merged
 * from {@code parm=} and {@code parmtype=}, last declared first. Pure.
 */
public final class KoModinfo {
  private KoModinfo() {}

  /** What modinfo prints: standard output and the error lines. */
  public record Output(String out, List<String> errors) {
    public Output {
      errors = List.copyOf(errors);
    }
  }

  /** One parameter: its name, and the description and type when given. */
  private static final class Param {
    final String name;
    String description;
    String type;

    Param(String name) {
      this.name = name;
    }
  }

  /**
   * modinfo_do for one module.
   *
   * @param field {@code -F} (also {@code -a -d -l -p -n}), null for every field
   * @param separator {@code '\n'}, or {@code '\0'} with {@code -0}
   */
  public static Output render(KoModule module, String filename, String field, char separator) {
    StringBuilder out = new StringBuilder();
    List<String> errors = new ArrayList<>();
    if ("filename".equals(field)) {
      return new Output(filename + separator, errors);
    }
    if (field == null) {
      out.append(pad("filename:", 16)).append(filename).append(separator);
    }
    List<KoModule.Info> list = info(module);
    List<Param> params = new ArrayList<>();
    if ("parm".equals(field)) {
      for (KoModule.Info info : list) {
        if (info.key().equals("parm") || info.key().equals("parmtype")) {
          parm(info, params, errors);
        }
      }
      for (int i = params.size() - 1; i >= 0; i--) {
        Param p = params.get(i);
        out.append(p.name).append(':');
        if (p.description == null) {
          out.append(" (").append(p.type).append(')');
        } else {
          out.append(p.description);
          if (p.type != null) {
            out.append(" (").append(p.type).append(')');
          }
        }
        out.append(separator);
      }
      return new Output(out.toString(), errors);
    }
    for (KoModule.Info info : list) {
      String key = info.key();
      if (field != null) {
        if (field.equals(key)) {
          out.append(info.value()).append(separator);
        }
      } else if (key.equals("parm") || key.equals("parmtype")) {
        parm(info, params, errors);
      } else if (separator == '\0') {
        out.append(key).append('=').append(info.value()).append(separator);
      } else {
        // printf("%s:%-*s%s", key, 15 - keylen, ""): a negative width pads too
        out.append(key).append(':').append(" ".repeat(Math.abs(15 - key.length())));
        out.append(info.value()).append(separator);
      }
    }
    if (field == null) {
      for (int i = params.size() - 1; i >= 0; i--) {
        Param p = params.get(i);
        out.append(pad("parm:", 16)).append(p.name).append(':');
        if (p.description == null) {
          out.append(p.type);
        } else {
          out.append(p.description);
          if (p.type != null) {
            out.append(" (").append(p.type).append(')');
          }
        }
        out.append(separator);
      }
    }
    return new Output(out.toString(), errors);
  }

  /**
   * kmod_module_get_info's list: .modinfo, then sig_id, signer, sig_key, sig_hashalgo, signature.
   */
  static List<KoModule.Info> info(KoModule module) {
    List<KoModule.Info> list = new ArrayList<>(module.modinfo());
    if (module.signature() != null) {
      for (ModuleSignature.Field f : module.signature().fields()) {
        list.add(new KoModule.Info(f.key(), f.bytes() == null ? text(f.text()) : hex(f.bytes())));
      }
    }
    return list;
  }

  /** kmod_module_hex_to_str: {@code XX:XX:...}, a line break and two tabs after every 20 bytes. */
  static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 3 + bytes.length / 20 * 3);
    for (int i = 0; i < bytes.length; i++) {
      out.append(String.format("%02X", bytes[i] & 0xff));
      if (i < bytes.length - 1) {
        out.append(':');
        if ((i + 1) % 20 == 0) {
          out.append("\n\t\t");
        }
      }
    }
    return out.toString();
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  /** process_parm: {@code name:text}; the parameter keeps its place of first mention. */
  private static void parm(KoModule.Info info, List<Param> params, List<String> errors) {
    String value = info.value();
    int colon = value.indexOf(':');
    if (colon < 0) {
      errors.add("Found invalid \"" + info.key() + "=" + value + "\": missing ':'");
      return;
    }
    String name = value.substring(0, colon);
    Param param = null;
    for (Param p : params) {
      if (p.name.equals(name)) {
        param = p;
      }
    }
    if (param == null) {
      param = new Param(name);
      params.add(param);
    }
    if (info.key().equals("parm")) {
      param.description = value.substring(colon + 1);
    } else {
      param.type = value.substring(colon + 1);
    }
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}

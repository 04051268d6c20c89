package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ParamSpec;

/**
 * modinfo (kmod tools/modinfo.c): the .modinfo fields of a module file, {@code key:} padded to
 * column 16, {@code filename:} first and the merged {@code parm:} lines last; {@code -F} prints
 * only the values of one field.
 */
public final class Modinfo {
  private Modinfo() {}

  /** One key=value of .modinfo, in the order modinfo prints them. */
  public record Field(String key, String value) {}

  public static List<Field> fields(ModuleDefinition def, String filename) {
    return fields(def, filename, true);
  }

  /**
   * The fields, {@code name:} only when modpost writes {@code MODULE_INFO(name, KBUILD_MODNAME)}
   * into the .mod.c (the 4.19 and 6.12 eras'; 2.6.32's .mod.c has vermagic, this_module and depends
   * only).
   */
  static List<Field> fields(ModuleDefinition def, String filename, boolean modinfoName) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("filename", filename));
    add(fields, "version", def.version());
    add(fields, "license", def.license());
    add(fields, "author", def.author());
    add(fields, "description", def.description());
    for (String alias : def.aliases()) {
      add(fields, "alias", alias);
    }
    for (String ns : def.importNamespaces()) {
      add(fields, "import_ns", ns);
    }
    fields.add(new Field("depends", String.join(",", def.depends())));
    if (def.intree()) {
      add(fields, "intree", "Y");
    }
    if (def.staging()) {
      add(fields, "staging", "Y");
    }
    if (modinfoName) {
      add(fields, "name", def.name());
    }
    add(fields, "vermagic", def.vermagic());
    for (ParamSpec param : def.params()) {
      String type = param.modparm() != null ? null : param.typeName();
      String value;
      if (param.description() != null && type != null) {
        value = param.name() + ":" + param.description() + " (" + type + ")";
      } else if (param.description() != null) {
        value = param.name() + ":" + param.description();
      } else {
        value = param.name() + " (" + (type == null ? param.modparm() : type) + ")";
      }
      fields.add(new Field("parm", value));
    }
    return fields;
  }

  /** The whole output, or only the values of {@code field} when it is not null. */
  public static String render(ModuleDefinition def, String filename, String field) {
    return render(def, filename, field, true);
  }

  /** {@link #render(ModuleDefinition, String, String)} with or without the {@code name:} field. */
  static String render(ModuleDefinition def, String filename, String field, boolean modinfoName) {
    StringBuilder out = new StringBuilder();
    for (Field f : fields(def, filename, modinfoName)) {
      if (field == null) {
        out.append(f.key()).append(':');
        out.append(" ".repeat(Math.max(0, 15 - f.key().length())));
        out.append(f.value()).append('\n');
      } else if (f.key().equals(field)) {
        out.append(f.value()).append('\n');
      }
    }
    return out.toString();
  }

  private static void add(List<Field> fields, String key, String value) {
    if (value != null) {
      fields.add(new Field(key, value));
    }
  }
}

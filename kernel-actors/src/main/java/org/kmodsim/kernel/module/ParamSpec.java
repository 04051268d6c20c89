package org.kmodsim.kernel.module;

/**
 * One declared parameter (struct kernel_param): module_param, module_param_array (arrayMax > 0, at
 * least arrayMin values), module_param_string (size), or the 2.4 MODULE_PARM type string ({@code
 * modparm}, kept for modinfo). {@code defaultValue} is the C initializer as text, null for 0 /
 * NULL.
 */
public record ParamSpec(
    String name,
    ParamType type,
    int perm,
    String description,
    String defaultValue,
    int arrayMin,
    int arrayMax,
    int size,
    String modparm) {

  public boolean isArray() {
    return arrayMax > 0;
  }

  /** modinfo's type: {@code int}, {@code array of int}, {@code string}. */
  public String typeName() {
    return isArray() ? "array of " + type.cName() : type.cName();
  }

  /**
   * VERIFY_OCTAL_PERMISSIONS: 0..0777, user-readable at least group-readable at least
   * other-readable, user-writable at least group-writable, never others-writable. Returns the
   * reason when the perm would not compile, else null.
   */
  public static String permProblem(int perm) {
    if (perm < 0 || perm > 0777) {
      return "perm must be between 0 and 0777";
    }
    int user = (perm >> 6) & 7;
    int group = (perm >> 3) & 7;
    int other = perm & 7;
    if ((other & 2) != 0) {
      return "others must not be able to write (VERIFY_OCTAL_PERMISSIONS)";
    }
    if ((user & 4) < (group & 4) || (group & 4) < (other & 4)) {
      return "user-readable must cover group-readable, which must cover other-readable";
    }
    if ((user & 2) < (group & 2)) {
      return "user-writable must cover group-writable";
    }
    return null;
  }
}

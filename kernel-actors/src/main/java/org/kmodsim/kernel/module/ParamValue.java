package org.kmodsim.kernel.module;

/** The stored value of one parameter: a number (also bools) or a string. */
public record ParamValue(long number, String text) {
  public static ParamValue number(long value) {
    return new ParamValue(value, null);
  }

  public static ParamValue text(String value) {
    return new ParamValue(0, value);
  }

  public boolean isText() {
    return text != null;
  }
}

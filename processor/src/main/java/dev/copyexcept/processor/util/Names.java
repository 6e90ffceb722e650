package dev.copyexcept.processor.util;

/** Field names as accessors and generated locals spell them. */
public final class Names {
  private Names() {}

  /**
   * {@code vm_refcnt} gives {@code Vm_refcnt}: the JavaBeans rule for the suffix of {@code getF()},
   * {@code isF()} and {@code setF(...)}, also used to name the copier's locals.
   */
  public static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}

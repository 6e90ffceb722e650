package dev.copyexcept.processor.util;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/** Walks from a type out to its enclosing types and its package. */
public final class TypeElements {
  private TypeElements() {}

  /**
   * {@code type}, then the class enclosing it, and so on out to the top-level class: {@code [Inner,
   * Mid, Outer]} for {@code Outer.Mid.Inner}. The walk stops at the first enclosing element that is
   * not a type (a package, or the method of a local class).
   */
  public static List<TypeElement> enclosingTypes(TypeElement type) {
    List<TypeElement> chain = new ArrayList<>();
    Element e = type;
    while (e instanceof TypeElement t) {
      chain.add(t);
      e = t.getEnclosingElement();
    }
    return chain;
  }

  /** The outermost type of {@link #enclosingTypes}: the top-level class for a member class. */
  public static TypeElement outermost(TypeElement type) {
    List<TypeElement> chain = enclosingTypes(type);
    return chain.get(chain.size() - 1);
  }

  /** The package an element is declared in. */
  public static PackageElement packageOf(Element element) {
    Element e = element;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return (PackageElement) e;
  }
}

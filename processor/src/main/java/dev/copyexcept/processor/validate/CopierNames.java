package dev.copyexcept.processor.validate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * What the whole processing run knows about type names: the types whose source is part of this
 * compilation (root elements of every round) and which annotated class claimed which copier name.
 * Used only for look-ups, never iterated, so hash collections keep the output deterministic.
 */
public final class CopierNames {
  private final Set<String> sourceTypes = new HashSet<>();
  private final Map<String, String> claims = new HashMap<>();

  /** Records the types of one round's root elements, nested ones included. */
  public void addRootElements(Iterable<? extends Element> roots) {
    for (Element root : roots) {
      if (root instanceof TypeElement type) {
        sourceTypes.add(type.getQualifiedName().toString());
        addRootElements(type.getEnclosedElements());
      }
    }
  }

  /** Whether the type of that qualified name has its source in this compilation. */
  public boolean isSourceType(String qualifiedName) {
    return sourceTypes.contains(qualifiedName);
  }

  /**
   * Claims {@code copier} for {@code target}; returns the class that claimed it before, if another
   * one did.
   */
  Optional<String> claim(String copier, String target) {
    String previous = claims.putIfAbsent(copier, target);
    return previous == null || previous.equals(target) ? Optional.empty() : Optional.of(previous);
  }
}

package dev.copyexcept.processor.behaviour;

import dev.copyexcept.processor.behaviour.Shape.Access;
import dev.copyexcept.processor.behaviour.Shape.FieldSpec;
import dev.copyexcept.processor.behaviour.Shape.Kind;
import dev.copyexcept.processor.behaviour.Shape.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The contract's rules, applied to a {@link Shape} without the processor: which problems each
 * annotated class has. A shape with no problem is valid, and its copiers copy every instance field
 * of their view except the excluded names.
 */
final class ShapeOracle {
  private ShapeOracle() {}

  /** One compile error the contract requires, with the stable catalogue tag it must carry. */
  record Problem(Level in, String tag, String name, FieldSpec field, List<String> suggestions) {
    @Override
    public String toString() {
      return tag
          + " \""
          + name
          + "\" in "
          + in.qualifiedName()
          + (suggestions.isEmpty() ? "" : " (did you mean one of " + suggestions + ")");
    }
  }

  static final String UNKNOWN = "[CopyExcept.unknownField]";
  static final String FINAL = "[CopyExcept.finalField]";
  static final String INACCESSIBLE = "[CopyExcept.inaccessibleField]";

  /**
   * Whether the copier of {@code copier} may read and write {@code f} directly: a non-private field
   * of its own package, or a public field reachable through a class it can name (the declaring
   * class, or a subclass up to {@code copier} that inherits the field without hiding it).
   */
  static boolean directlyAccessible(Shape shape, FieldSpec f, Level copier) {
    Level declaring = shape.levels.get(f.level);
    if (f.access == Access.PRIVATE) {
      return false;
    }
    if (declaring.pkg.equals(copier.pkg)) {
      return true;
    }
    if (f.access != Access.PUBLIC) {
      return false;
    }
    for (int k = f.level; k <= copier.index; k++) {
      Level through = shape.levels.get(k);
      if (k > f.level && through.declares(f.name)) {
        return false; // hidden from here down, and no nameable class above
      }
      if (through.isPublic || through.pkg.equals(copier.pkg)) {
        return true;
      }
    }
    return false;
  }

  static List<Problem> problems(Shape shape) {
    List<Problem> out = new ArrayList<>();
    for (Level j : shape.levels) {
      if (!j.annotated) {
        continue;
      }
      List<FieldSpec> view = shape.view(j.index);
      Set<String> viewNames = new LinkedHashSet<>();
      view.forEach(f -> viewNames.add(f.name));
      for (String name : j.exclusions) {
        if (!viewNames.contains(name)) {
          out.add(new Problem(j, UNKNOWN, name, null, closeNames(name, viewNames)));
        }
      }
      Set<String> excluded = shape.exclusions(j.index);
      for (FieldSpec f : view) {
        if (excluded.contains(f.name)) {
          continue;
        }
        if (f.isFinal && f.kind == Kind.SCALAR) {
          out.add(new Problem(j, FINAL, f.name, f, List.of()));
        } else if (!directlyAccessible(shape, f, j)
            && !(f.getter && (f.setter || f.copiedInPlace()))) {
          out.add(new Problem(j, INACCESSIBLE, f.name, f, List.of()));
        }
      }
    }
    return out;
  }

  /** Field names equal to {@code name} ignoring case or at most 2 edits away. */
  static List<String> closeNames(String name, Set<String> candidates) {
    List<String> out = new ArrayList<>();
    for (String c : candidates) {
      if (c.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
          || editDistance(c, name) <= 2) {
        out.add(c);
      }
    }
    return out;
  }

  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int k = 0; k <= b.length(); k++) {
      d[0][k] = k;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int k = 1; k <= b.length(); k++) {
        int cost = a.charAt(i - 1) == b.charAt(k - 1) ? 0 : 1;
        d[i][k] = Math.min(Math.min(d[i - 1][k] + 1, d[i][k - 1] + 1), d[i - 1][k - 1] + cost);
      }
    }
    return d[a.length()][b.length()];
  }
}

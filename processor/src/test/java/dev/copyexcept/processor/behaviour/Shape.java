package dev.copyexcept.processor.behaviour;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The generator's own model of a random class hierarchy: the single source of truth from which both
 * the Java sources and the expected copier behaviour are derived. Nothing here looks at the
 * processor or its output.
 */
final class Shape {
  /** The seed that generated this hierarchy; it alone reproduces it. */
  final long seed;

  /** Package of level 0 (and of the struct); a second package for levels that move away. */
  final String pkgA;

  final String pkgB;

  /** Levels from the topmost superclass (index 0) to the leaf. */
  final List<Level> levels = new ArrayList<>();

  /** The embedded struct type, or null when this hierarchy has none. */
  Struct struct;

  /** What was injected to make this hierarchy invalid, or null (documentation for messages). */
  String defect;

  Shape(long seed) {
    this.seed = seed;
    String id = Long.toUnsignedString(seed);
    this.pkgA = "h" + id + "a";
    this.pkgB = "h" + id + "b";
  }

  Level leaf() {
    return levels.get(levels.size() - 1);
  }

  /** Instance fields visible to level {@code j}'s copier: levels 0..j, topmost first. */
  List<FieldSpec> view(int j) {
    List<FieldSpec> out = new ArrayList<>();
    for (int i = 0; i <= j; i++) {
      for (FieldSpec f : levels.get(i).fields) {
        if (!f.isStatic) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** Names excluded for level {@code j}'s copier: its own and every annotated superclass's. */
  Set<String> exclusions(int j) {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i <= j; i++) {
      if (levels.get(i).annotated) {
        out.addAll(levels.get(i).exclusions);
      }
    }
    return out;
  }

  /** Every field name declared anywhere in the hierarchy, static or not. */
  Set<String> allNames() {
    Set<String> out = new LinkedHashSet<>();
    for (Level l : levels) {
      for (FieldSpec f : l.fields) {
        out.add(f.name);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("hierarchy seed=" + seed + (defect == null ? "" : " defect=" + defect));
    for (Level l : levels) {
      sb.append("\n    ").append(l);
    }
    if (struct != null) {
      sb.append("\n    ").append(struct);
    }
    return sb.toString();
  }

  static final class Level {
    final int index;
    final String pkg;
    final String simpleName;
    boolean annotated;

    /** Level 0 only: declared {@code C0<T>}; subclasses extend {@code C0<String>}. */
    boolean generic;

    /**
     * False for a package-private class (only when its subclass, if any, is in the same package).
     */
    boolean isPublic = true;

    final List<String> exclusions = new ArrayList<>();
    final List<FieldSpec> fields = new ArrayList<>();

    Level(int index, String pkg) {
      this.index = index;
      this.pkg = pkg;
      this.simpleName = "C" + index;
    }

    /** The leaf only, sometimes: the top-level class this level is a static nested class of. */
    String holder;

    /** The canonical name, as in source ({@code p.H.C2} for a nested leaf). */
    String qualifiedName() {
      return pkg + "." + (holder == null ? "" : holder + ".") + simpleName;
    }

    /** The binary name, for class loading ({@code p.H$C2}). */
    String binaryName() {
      return pkg + "." + (holder == null ? "" : holder + "$") + simpleName;
    }

    /** The top-level class whose file holds this level. */
    String sourceName() {
      return pkg + "." + (holder == null ? simpleName : holder);
    }

    String fileName() {
      return (holder == null ? simpleName : holder) + ".java";
    }

    /** Whether this level declares a field (static or not) called {@code name}. */
    boolean declares(String name) {
      return fields.stream().anyMatch(f -> f.name.equals(name));
    }

    String copierName() {
      return pkg + "." + (holder == null ? "" : holder + "_") + simpleName + "Copier";
    }

    @Override
    public String toString() {
      return (isPublic ? "" : "(package-private) ")
          + qualifiedName()
          + (generic ? "<T>" : "")
          + (annotated ? " @CopyExcept" + exclusions : "")
          + " "
          + fields;
    }
  }

  enum Access {
    PRIVATE("private "),
    PACKAGE(""),
    PROTECTED("protected "),
    PUBLIC("public ");

    final String keyword;

    Access(String keyword) {
      this.keyword = keyword;
    }
  }

  enum Kind {
    SCALAR,
    ARRAY,
    STRUCT
  }

  static final class FieldSpec {
    final int level;
    final String name;
    final Kind kind;

    /** For SCALAR the type; for ARRAY the element type; for STRUCT unused. */
    final String scalarType;

    final int arrayLength;
    Access access;
    boolean isStatic;
    boolean isFinal;
    boolean isVolatile;
    boolean isTransient;
    boolean getter;
    boolean setter;

    /** Boolean getter spelt isX rather than getX. */
    boolean isGetter;

    FieldSpec(int level, String name, Kind kind, String scalarType, int arrayLength) {
      this.level = level;
      this.name = name;
      this.kind = kind;
      this.scalarType = scalarType;
      this.arrayLength = arrayLength;
    }

    /** Final arrays and final structs are copied in place; everything else is assigned. */
    boolean copiedInPlace() {
      return isFinal && kind != Kind.SCALAR;
    }

    String capitalized() {
      return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    @Override
    public String toString() {
      return (access.keyword
                  + (isStatic ? "static " : "")
                  + (isFinal ? "final " : "")
                  + (isVolatile ? "volatile " : "")
                  + (isTransient ? "transient " : ""))
              .replace(' ', '_')
          + (kind == Kind.STRUCT
              ? "S"
              : scalarType + (kind == Kind.ARRAY ? "[" + arrayLength + "]" : ""))
          + " "
          + name
          + (getter ? (isGetter ? "+is" : "+get") : "")
          + (setter ? "+set" : "");
    }
  }

  /**
   * A small embedded struct: {@code public int k; public long m; public String n;} and, when {@code
   * arrayLength > 0}, {@code public final int[] arr} (so a struct can fail its own check).
   */
  static final class Struct {
    final String pkg;
    final List<String> exclusions = new ArrayList<>();
    int arrayLength;

    Struct(String pkg) {
      this.pkg = pkg;
    }

    /** Field names in declaration order. */
    List<String> fields() {
      return arrayLength > 0 ? List.of("k", "m", "n", "arr") : List.of("k", "m", "n");
    }

    String qualifiedName() {
      return pkg + ".S";
    }

    @Override
    public String toString() {
      return qualifiedName()
          + " @CopyExcept"
          + exclusions
          + (arrayLength > 0 ? " arr[" + arrayLength + "]" : "");
    }
  }
}

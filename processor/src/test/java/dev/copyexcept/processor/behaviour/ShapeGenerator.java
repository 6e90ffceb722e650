package dev.copyexcept.processor.behaviour;

import dev.copyexcept.processor.behaviour.Shape.Access;
import dev.copyexcept.processor.behaviour.Shape.FieldSpec;
import dev.copyexcept.processor.behaviour.Shape.Kind;
import dev.copyexcept.processor.behaviour.Shape.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates a random {@link Shape} from a seed. About three in four are valid by construction
 * (every field that needs accessors or an exclusion gets one); the others get exactly one injected
 * defect: an unknown name in {@code @CopyExcept}, a final field that cannot be copied, or an
 * inaccessible field without accessors. Validity is decided again, independently of how the shape
 * was built, by {@link ShapeOracle}.
 */
final class ShapeGenerator {
  static final List<String> SCALARS =
      List.of("boolean", "byte", "short", "char", "int", "long", "float", "double", "String");

  /** Field names; a few of them clash with names a copier might use for its own locals. */
  private static final List<String> NAMES =
      List.of(
          "alpha",
          "beta",
          "gamma",
          "delta",
          "epsilon",
          "zeta",
          "eta",
          "theta",
          "iota",
          "kappa",
          "lambda",
          "mu",
          "nu",
          "xi",
          "omicron",
          "pi",
          "rho",
          "sigma",
          "tau",
          "upsilon",
          "phi",
          "chi",
          "psi",
          "omega",
          "src",
          "dest",
          "copy",
          "value",
          "i",
          "len",
          "tmp",
          "vmStart",
          "vm_refcnt",
          "count",
          "next",
          "flags");

  private final Random rnd;
  private final Shape shape;

  /** Names that have accessors somewhere: at most one field per name gets them. */
  private final Set<String> accessorNames = new HashSet<>();

  private ShapeGenerator(long seed) {
    // java.util.Random gives nearly equal first draws for consecutive seeds: scramble first.
    this.rnd = new Random(mix64(seed));
    this.shape = new Shape(seed);
  }

  /** The MurmurHash3 finalizer: consecutive seeds give unrelated streams. */
  static long mix64(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  static Shape generate(long seed) {
    return new ShapeGenerator(seed).build();
  }

  private Shape build() {
    boolean invalid = rnd.nextInt(4) == 0;
    int levels = 1 + rnd.nextInt(3);
    if (rnd.nextInt(10) < 3) {
      shape.struct = new Shape.Struct(shape.pkgA);
      if (rnd.nextBoolean()) {
        shape.struct.exclusions.add("k");
      }
      if (rnd.nextBoolean()) {
        shape.struct.arrayLength = 1 + rnd.nextInt(3);
        if (rnd.nextInt(4) == 0) {
          shape.struct.exclusions.add("arr");
        }
      }
    }
    for (int i = 0; i < levels; i++) {
      String pkg = i == 0 || rnd.nextInt(100) >= 35 ? shape.pkgA : shape.pkgB;
      Level level = new Level(i, pkg);
      level.annotated = i == levels - 1 || rnd.nextInt(10) < 4;
      level.generic = i == 0 && rnd.nextInt(100) < 20;
      shape.levels.add(level);
      int fields = (i == levels - 1 ? 1 : 0) + rnd.nextInt(5);
      for (int k = 0; k < fields; k++) {
        level.fields.add(randomField(level));
      }
    }
    for (Level level : shape.levels) {
      boolean last = level.index == shape.levels.size() - 1;
      if ((last || shape.levels.get(level.index + 1).pkg.equals(level.pkg))
          && rnd.nextInt(100) < 25) {
        level.isPublic = false;
      }
    }
    if (rnd.nextInt(100) < 15) {
      shape.leaf().holder = "H";
    }
    makeValid();
    addRandomExclusions();
    if (invalid) {
      injectDefect();
    }
    return shape;
  }

  private FieldSpec randomField(Level level) {
    Set<String> declaredHere = new HashSet<>();
    for (FieldSpec f : level.fields) {
      declaredHere.add(f.name);
    }
    List<String> upper = new ArrayList<>();
    for (int i = 0; i < level.index; i++) {
      for (FieldSpec f : shape.levels.get(i).fields) {
        if (!f.isStatic && !declaredHere.contains(f.name)) {
          upper.add(f.name);
        }
      }
    }
    String name;
    if (!upper.isEmpty() && rnd.nextInt(100) < 20) {
      name = upper.get(rnd.nextInt(upper.size())); // hides a superclass field
    } else {
      Set<String> all = shape.allNames();
      do {
        name = NAMES.get(rnd.nextInt(NAMES.size()));
      } while (all.contains(name));
    }
    int r = rnd.nextInt(100);
    Kind kind = r < 65 ? Kind.SCALAR : r < 88 || shape.struct == null ? Kind.ARRAY : Kind.STRUCT;
    String scalar =
        level.generic && rnd.nextInt(3) == 0 ? "T" : SCALARS.get(rnd.nextInt(SCALARS.size()));
    if (kind == Kind.ARRAY && "T".equals(scalar)) {
      kind = Kind.SCALAR; // no generic array creation
    }
    FieldSpec f =
        new FieldSpec(
            level.index, name, kind, kind == Kind.STRUCT ? null : scalar, 1 + rnd.nextInt(3));
    f.access = Access.values()[rnd.nextInt(4)];
    if (rnd.nextInt(100) < 7 && kind == Kind.SCALAR && !"T".equals(scalar)) {
      f.isStatic = true;
      return f;
    }
    f.isFinal = kind == Kind.SCALAR ? rnd.nextInt(100) < 8 : rnd.nextInt(100) < 70;
    f.isVolatile = !f.isFinal && rnd.nextInt(100) < 15;
    f.isTransient = rnd.nextInt(100) < 15;
    return f;
  }

  /** Gives every field that some copier could not copy accessors, or excludes its name. */
  private void makeValid() {
    for (Level level : shape.levels) {
      for (FieldSpec f : level.fields) {
        if (f.isStatic) {
          continue;
        }
        boolean finalScalar = f.isFinal && f.kind == Kind.SCALAR;
        boolean needsAccessors = false;
        for (Level j : shape.levels.subList(level.index, shape.levels.size())) {
          if (j.annotated && !ShapeOracle.directlyAccessible(shape, f, j)) {
            needsAccessors = true;
          }
        }
        if (finalScalar) {
          excludeAtFirstAnnotatedFrom(level.index, f.name);
        } else if (needsAccessors) {
          if (!accessorNames.contains(f.name) && rnd.nextInt(100) < 75) {
            accessorNames.add(f.name);
            f.getter = true;
            f.setter = !f.isFinal;
            f.isGetter =
                "boolean".equals(f.scalarType) && f.kind == Kind.SCALAR && rnd.nextBoolean();
          } else {
            excludeAtFirstAnnotatedFrom(level.index, f.name);
          }
        } else if (!accessorNames.contains(f.name)
            && f.kind == Kind.SCALAR
            && rnd.nextInt(100) < 10) {
          // accessors a copier does not need: harmless either way
          accessorNames.add(f.name);
          f.getter = true;
          f.setter = !f.isFinal;
        }
      }
    }
  }

  private void excludeAtFirstAnnotatedFrom(int index, String name) {
    for (Level j : shape.levels.subList(index, shape.levels.size())) {
      if (j.annotated) {
        if (!j.exclusions.contains(name)) {
          j.exclusions.add(name);
        }
        return;
      }
    }
    throw new IllegalStateException("the leaf is always annotated");
  }

  private void addRandomExclusions() {
    for (Level j : shape.levels) {
      if (!j.annotated || rnd.nextInt(100) >= 30) {
        continue;
      }
      List<FieldSpec> view = shape.view(j.index);
      if (view.isEmpty()) {
        continue;
      }
      int n = 1 + rnd.nextInt(2);
      for (int k = 0; k < n; k++) {
        String name = view.get(rnd.nextInt(view.size())).name;
        if (!shape.exclusions(j.index).contains(name)) {
          j.exclusions.add(name);
        }
      }
    }
    // Repeating a superclass's exclusion is allowed silently (it documents intent).
    for (Level j : shape.levels) {
      if (j.annotated && j.index > 0 && rnd.nextInt(100) < 25) {
        List<String> inherited = new ArrayList<>(shape.exclusions(j.index - 1));
        inherited.removeAll(j.exclusions);
        if (!inherited.isEmpty()) {
          j.exclusions.add(inherited.get(rnd.nextInt(inherited.size())));
        }
      }
    }
  }

  private void injectDefect() {
    Level leaf = shape.leaf();
    switch (rnd.nextInt(3)) {
      case 0 -> {
        String name = unknownName();
        leaf.exclusions.add(rnd.nextInt(leaf.exclusions.size() + 1), name);
        shape.defect = "unknown name \"" + name + "\" in @CopyExcept of " + leaf.simpleName;
      }
      case 1 -> {
        Level at = shape.levels.get(rnd.nextInt(shape.levels.size()));
        String type = SCALARS.get(rnd.nextInt(SCALARS.size()));
        FieldSpec f = new FieldSpec(at.index, freshName(), Kind.SCALAR, type, 1);
        f.access = rnd.nextBoolean() ? Access.PUBLIC : Access.values()[rnd.nextInt(4)];
        if (f.access != Access.PUBLIC && f.access != Access.PRIVATE && crossesPackage(at)) {
          f.access = Access.PUBLIC;
        }
        if (f.access == Access.PRIVATE) {
          f.access = Access.PUBLIC;
        }
        f.isFinal = true;
        at.fields.add(rnd.nextInt(at.fields.size() + 1), f);
        shape.defect = "final " + type + " " + f.name + " in " + at.simpleName + ", not excluded";
      }
      default -> {
        Level at = shape.levels.get(rnd.nextInt(shape.levels.size()));
        String type = SCALARS.get(rnd.nextInt(SCALARS.size()));
        FieldSpec f = new FieldSpec(at.index, freshName(), Kind.SCALAR, type, 1);
        f.access =
            crossesPackage(at) && rnd.nextBoolean()
                ? (rnd.nextBoolean() ? Access.PROTECTED : Access.PACKAGE)
                : Access.PRIVATE;
        if (rnd.nextInt(4) == 0) {
          // a getter without a setter is not enough for a non-final field
          f.getter = true;
          accessorNames.add(f.name);
        }
        at.fields.add(rnd.nextInt(at.fields.size() + 1), f);
        shape.defect =
            f.access.keyword
                + type
                + " "
                + f.name
                + " in "
                + at.simpleName
                + " without accessors, not excluded";
      }
    }
  }

  /** Whether an annotated level at or below {@code at} lives in another package. */
  private boolean crossesPackage(Level at) {
    for (Level j : shape.levels.subList(at.index, shape.levels.size())) {
      if (j.annotated && !j.pkg.equals(at.pkg)) {
        return true;
      }
    }
    return false;
  }

  private String freshName() {
    Set<String> all = shape.allNames();
    for (int attempt = 0; ; attempt++) {
      String name =
          NAMES.get(rnd.nextInt(NAMES.size())) + (attempt < 20 ? "" : Integer.toString(attempt));
      if (!all.contains(name)) {
        return name;
      }
    }
  }

  /** A name that is no field anywhere in the hierarchy: a near miss of one, or a stranger. */
  private String unknownName() {
    Set<String> all = shape.allNames();
    List<FieldSpec> view = shape.view(shape.leaf().index);
    for (int attempt = 0; attempt < 50; attempt++) {
      String candidate;
      if (!view.isEmpty() && rnd.nextBoolean()) {
        String base = view.get(rnd.nextInt(view.size())).name;
        candidate = nearMiss(base);
      } else {
        candidate = "zq" + NAMES.get(rnd.nextInt(NAMES.size())) + "x" + rnd.nextInt(100);
      }
      if (!candidate.isEmpty()
          && Character.isJavaIdentifierStart(candidate.charAt(0))
          && !all.contains(candidate)) {
        return candidate;
      }
    }
    return "zqnosuchfield";
  }

  private String nearMiss(String base) {
    StringBuilder sb = new StringBuilder(base);
    switch (rnd.nextInt(4)) {
      case 0 -> sb.append((char) ('a' + rnd.nextInt(26))); // insertion
      case 1 -> {
        if (sb.length() > 1) {
          sb.deleteCharAt(rnd.nextInt(sb.length())); // deletion
        } else {
          sb.append('x');
        }
      }
      case 2 -> sb.setCharAt(0, Character.toUpperCase(sb.charAt(0))); // case only
      default ->
          sb.setCharAt(rnd.nextInt(sb.length()), (char) ('a' + rnd.nextInt(26))); // substitution
    }
    return sb.toString();
  }
}

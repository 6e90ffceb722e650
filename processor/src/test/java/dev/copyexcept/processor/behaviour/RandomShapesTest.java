package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopierHarness.Compiled;
import dev.copyexcept.processor.behaviour.Shape.FieldSpec;
import dev.copyexcept.processor.behaviour.Shape.Kind;
import dev.copyexcept.processor.behaviour.Shape.Level;
import dev.copyexcept.processor.behaviour.ShapeOracle.Problem;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized class shapes: {@value #BATCHES} batches of {@value #PER_BATCH} seeded hierarchies (1–3
 * levels, maybe across two packages, sometimes a generic top level, package-private levels or a
 * nested leaf; every primitive, String, type variables, final arrays, embedded structs with or
 * without their own final array; every access level with and without accessors, static, final,
 * volatile, transient; hidden fields; random and repeated exclusions; about a quarter with one
 * injected defect).
 *
 * <p>The expectation comes from the generator's own model ({@link ShapeOracle}), never from the
 * processor. Valid hierarchies of a batch are compiled together (each in its own packages), then
 * every annotated level's copier is run on two instances filled with distinct random values and
 * every field of every level is checked, hidden ones through their declaring class; then the
 * copier's Javadoc, {@code copy(x, x)}, null arguments, and one broken in-place field (array
 * length, null array or struct) for all-or-nothing. Invalid ones are compiled alone and must fail
 * with the catalogue's error on the right file and line, and no other error.
 *
 * <p>Every failure message starts with {@code [seed=N]}. Re-run one hierarchy alone with {@code mvn
 * -pl annotations,processor test -Dtest=RandomShapesTest -Dcopyexcept.seed=N} (add {@code
 * -Dcopyexcept.count=K} for N..N+K-1, also the way to explore beyond the fixed seeds).
 */
class RandomShapesTest {
  static final int BATCHES = 8;
  static final int PER_BATCH = 26;

  /** Hierarchy seeds of batch b (1-based) are {@code 1000 * b + i}, i in [0, PER_BATCH). */
  static List<long[]> fixedBatches() {
    List<long[]> out = new ArrayList<>();
    for (int b = 1; b <= BATCHES; b++) {
      long first = 1000L * b;
      out.add(LongStream.range(first, first + PER_BATCH).toArray());
    }
    return out;
  }

  static Stream<Arguments> batches() {
    String override = System.getProperty("copyexcept.seed");
    if (override != null && !override.isBlank()) {
      long seed = Long.parseLong(override.trim());
      int count = Integer.getInteger("copyexcept.count", 1);
      long[] seeds = LongStream.range(0, count).map(i -> seed + i).toArray();
      return Stream.of(Arguments.of("-Dcopyexcept.seed=" + seed + " count " + count, seeds));
    }
    return fixedBatches().stream()
        .map(seeds -> Arguments.of("seeds " + seeds[0] + ".." + seeds[seeds.length - 1], seeds));
  }

  /** Counters for the summary line of the current batch (tests of this class run sequentially). */
  private static final AtomicInteger COPIERS_RUN = new AtomicInteger();

  private static final AtomicInteger ALL_OR_NOTHING_RUN = new AtomicInteger();

  @ParameterizedTest(name = "{0}")
  @MethodSource("batches")
  void randomHierarchies_copiersMatchTheModel_invalidOnesFailWithTheRightError(
      String label, long[] seeds) {
    COPIERS_RUN.set(0);
    ALL_OR_NOTHING_RUN.set(0);
    List<String> failures = new ArrayList<>();
    List<Shape> valid = new ArrayList<>();
    List<Shape> invalid = new ArrayList<>();
    for (long seed : seeds) {
      Shape shape;
      try {
        shape = ShapeGenerator.generate(seed);
      } catch (RuntimeException e) {
        failures.add("[seed=" + seed + "] the generator threw: " + e);
        continue;
      }
      boolean hasProblems = !ShapeOracle.problems(shape).isEmpty();
      if (hasProblems != (shape.defect != null)) {
        failures.add(
            tag(shape)
                + "generator and oracle disagree: defect="
                + shape.defect
                + " problems="
                + ShapeOracle.problems(shape)
                + "\n    "
                + shape);
      }
      (hasProblems ? invalid : valid).add(shape);
    }

    checkValid(valid, failures);
    for (Shape shape : invalid) {
      try {
        checkInvalid(shape, failures);
      } catch (RuntimeException | AssertionError e) {
        failures.add(
            tag(shape)
                + "checking the invalid hierarchy threw: "
                + e
                + "\n    "
                + shape
                + sources(shape));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[RandomShapesTest] %s: %d valid (%d copiers run, %d all-or-nothing checks), %d invalid, %d failing%n",
        label,
        valid.size(),
        COPIERS_RUN.get(),
        ALL_OR_NOTHING_RUN.get(),
        invalid.size(),
        failures.size());
    if (!failures.isEmpty()) {
      fail(
          failures.size()
              + " hierarchies failed ("
              + label
              + "):\n\n"
              + String.join("\n\n", failures));
    }
  }

  // ------------------------------------------------------------------ valid shapes

  private static void checkValid(List<Shape> shapes, List<String> failures) {
    if (shapes.isEmpty()) {
      return;
    }
    List<JavaFileObject> all = new ArrayList<>();
    shapes.forEach(s -> all.addAll(ShapeSources.of(s)));
    Compilation together;
    try {
      together = CopierHarness.compile(all);
    } catch (RuntimeException e) {
      together = null; // the processor threw: find the hierarchy that makes it throw, below
    }
    if (together != null
        && together.status() == Compilation.Status.SUCCESS
        && together.warnings().isEmpty()) {
      Compiled compiled = new Compiled(together);
      for (Shape shape : shapes) {
        run(shape, compiled, failures);
      }
      return;
    }
    // Attribute the failure: compile each alone.
    for (Shape shape : shapes) {
      Compilation alone;
      try {
        alone = CopierHarness.compile(ShapeSources.of(shape));
      } catch (RuntimeException e) {
        failures.add(
            tag(shape)
                + "compiling threw (the processor crashed?): "
                + e
                + "\n    "
                + shape
                + sources(shape));
        continue;
      }
      if (alone.status() != Compilation.Status.SUCCESS) {
        failures.add(
            tag(shape)
                + "valid hierarchy failed to compile:\n"
                + CopierHarness.describe(alone.diagnostics())
                + "\n    "
                + shape
                + sources(shape));
      } else if (!alone.warnings().isEmpty()) {
        failures.add(
            tag(shape)
                + "valid hierarchy compiled with warnings:\n"
                + CopierHarness.describe(alone.warnings())
                + "\n    "
                + shape);
      } else {
        run(shape, new Compiled(alone), failures);
      }
    }
  }

  /** Runs the copier of every annotated level on two fresh instances of that level. */
  private static void run(Shape shape, Compiled c, List<String> failures) {
    Random values = new Random(ShapeGenerator.mix64(~shape.seed));
    for (Level level : shape.levels) {
      if (!level.annotated) {
        continue;
      }
      List<String> problems = new ArrayList<>();
      try {
        runLevel(shape, level, c, values, problems);
      } catch (RuntimeException | AssertionError | LinkageError e) {
        problems.add("copier threw or could not be run: " + e);
      }
      if (!problems.isEmpty()) {
        failures.add(
            tag(shape)
                + level.copierName()
                + ":\n      "
                + String.join("\n      ", problems)
                + "\n    "
                + shape
                + sources(shape));
      }
    }
  }

  /** What one field looked like before the copy, on both sides. */
  private record Before(
      FieldSpec spec, Field field, Object src, Object dest, Object srcState, Object destState) {}

  private static void runLevel(
      Shape shape, Level level, Compiled c, Random rv, List<String> problems) {
    Object src = c.newInstance(level.binaryName());
    Object dest = c.newInstance(level.binaryName());
    Set<String> excluded = shape.exclusions(level.index);
    List<Before> before = new ArrayList<>();
    List<Object[]> statics = new ArrayList<>();
    for (int i = 0; i <= level.index; i++) {
      Class<?> declaring = c.load(shape.levels.get(i).binaryName());
      for (FieldSpec f : shape.levels.get(i).fields) {
        Field field = CopierHarness.field(declaring, f.name);
        if (f.isStatic) {
          Object v = scalar(f.scalarType, rv);
          setField(field, null, v);
          statics.add(new Object[] {f, field, v});
          continue;
        }
        fill(shape, f, field, src, dest, rv, c);
        before.add(
            new Before(
                f,
                field,
                getField(field, src),
                getField(field, dest),
                state(getField(field, src)),
                state(getField(field, dest))));
      }
    }

    c.copy(level.copierName(), src, dest);
    COPIERS_RUN.incrementAndGet();

    for (Before b : before) {
      FieldSpec f = b.spec();
      String where = shape.levels.get(f.level).simpleName + "." + f.name + " (" + f + ")";
      Object srcNow = getField(b.field(), src);
      Object destNow = getField(b.field(), dest);
      if (!same(srcNow, b.src()) || !Objects.equals(state(srcNow), b.srcState())) {
        problems.add(where + ": the source was modified");
      }
      boolean isExcluded = excluded.contains(f.name);
      if (isExcluded) {
        if (!same(destNow, b.dest()) || !Objects.equals(state(destNow), b.destState())) {
          problems.add(
              where
                  + ": excluded, but dest changed from "
                  + b.destState()
                  + " to "
                  + state(destNow));
        }
      } else if (!f.isFinal || f.kind == Kind.SCALAR) {
        if (f.kind == Kind.SCALAR ? !Objects.equals(destNow, b.src()) : destNow != b.src()) {
          problems.add(
              where
                  + ": expected the source's "
                  + state(b.src())
                  + " but dest has "
                  + state(destNow)
                  + (f.kind == Kind.SCALAR ? "" : " (must be the same instance)"));
        }
      } else {
        Object expected =
            f.kind == Kind.ARRAY ? b.srcState() : structAfter(shape, b.srcState(), b.destState());
        if (destNow != b.dest()) {
          problems.add(
              where
                  + ": dest's own "
                  + (f.kind == Kind.ARRAY ? "array" : "struct")
                  + " was replaced");
        }
        if (!Objects.equals(state(destNow), expected)) {
          problems.add(
              where + ": expected contents " + expected + " but dest has " + state(destNow));
        }
      }
    }
    for (Object[] s : statics) {
      if (!Objects.equals(getField((Field) s[1], null), s[2])) {
        problems.add("static " + s[0] + " changed");
      }
    }
    checkJavadoc(shape, level, c, problems);
    checkArguments(shape, level, c, src, dest, problems);
    checkAllOrNothing(shape, level, c, rv, problems);
  }

  private static final Pattern LIST_ITEM = Pattern.compile("<li>\\{@code ([^}]+)}([^\\n]*)");

  /**
   * The copier's class Javadoc lists the copied fields in layout order (first {@code <ol>}) and
   * every excluded name with the classes whose {@code @CopyExcept} excluded it (the {@code <ul>}).
   */
  private static void checkJavadoc(Shape shape, Level level, Compiled c, List<String> problems) {
    String text = c.generatedSource(level.copierName());
    int end = text.indexOf("*/");
    String doc = end < 0 ? "" : text.substring(0, end);
    List<String> expectedCopied = new ArrayList<>();
    Set<String> excluded = shape.exclusions(level.index);
    for (FieldSpec f : shape.view(level.index)) {
      if (!excluded.contains(f.name)) {
        expectedCopied.add(f.name);
      }
    }
    List<String> listed = new ArrayList<>();
    int ol = doc.indexOf("<ol>");
    int olEnd = doc.indexOf("</ol>");
    if (ol >= 0 && olEnd > ol) {
      var m = LIST_ITEM.matcher(doc.substring(ol, olEnd));
      while (m.find()) {
        listed.add(m.group(1));
      }
    }
    if (!listed.equals(expectedCopied)) {
      problems.add(
          "Javadoc lists copied fields " + listed + ", expected in this order " + expectedCopied);
    }
    List<String> listedExcluded = new ArrayList<>();
    int ul = doc.indexOf("<ul>");
    int ulEnd = doc.indexOf("</ul>");
    if (ul >= 0 && ulEnd > ul) {
      var m = LIST_ITEM.matcher(doc.substring(ul, ulEnd));
      while (m.find()) {
        String name = m.group(1);
        listedExcluded.add(name);
        for (Level j : shape.levels.subList(0, level.index + 1)) {
          boolean declares = j.annotated && j.exclusions.contains(name);
          if (declares && !mentions(m.group(2), j.simpleName)) {
            problems.add(
                "Javadoc: exclusion of "
                    + name
                    + " does not say it was declared on "
                    + j.simpleName
                    + ": "
                    + m.group(0));
          }
        }
      }
    }
    if (!new HashSet<>(listedExcluded).equals(excluded)
        || listedExcluded.size() != excluded.size()) {
      problems.add("Javadoc lists excluded names " + listedExcluded + ", expected " + excluded);
    }
  }

  /** {@code copy(x, x)} changes nothing; a null argument is an NPE naming it, before any write. */
  private static void checkArguments(
      Shape shape, Level level, Compiled c, Object x, Object other, List<String> problems) {
    List<Field> fields = new ArrayList<>();
    for (FieldSpec f : shape.view(level.index)) {
      fields.add(CopierHarness.field(c.load(shape.levels.get(f.level).binaryName()), f.name));
    }
    List<Object> before = snapshot(fields, x);
    c.copy(level.copierName(), x, x);
    if (!before.equals(snapshot(fields, x))) {
      problems.add(
          "copy(x, x) changed x from\n        " + before + "\n     to " + snapshot(fields, x));
    }
    for (boolean nullSrc : new boolean[] {true, false}) {
      String arg = nullSrc ? "src" : "dest";
      try {
        c.copy(level.copierName(), nullSrc ? null : other, nullSrc ? x : null);
        problems.add("copy with a null " + arg + " did not throw");
      } catch (NullPointerException e) {
        if (e.getMessage() == null || !mentions(e.getMessage(), arg)) {
          problems.add(
              "copy with a null "
                  + arg
                  + ": the NPE must name "
                  + arg
                  + ", but says: "
                  + e.getMessage());
        }
      } catch (RuntimeException e) {
        problems.add(
            "copy with a null " + arg + " threw " + e + " instead of a NullPointerException");
      }
    }
    if (!before.equals(snapshot(fields, x))) {
      problems.add("copy(null, x) changed x");
    }
  }

  /**
   * Breaks one copied-in-place field (an array of another length, a null array or struct on either
   * side) on fresh instances: the copy must throw the contract's exception, naming an array field,
   * and leave every field of {@code dest} as it was.
   */
  private static void checkAllOrNothing(
      Shape shape, Level level, Compiled c, Random rv, List<String> problems) {
    Set<String> excluded = shape.exclusions(level.index);
    List<FieldSpec> inPlace = new ArrayList<>();
    for (FieldSpec f : shape.view(level.index)) {
      if (f.copiedInPlace() && !excluded.contains(f.name)) {
        inPlace.add(f);
      }
    }
    if (inPlace.isEmpty()) {
      return;
    }
    FieldSpec broken = inPlace.get(rv.nextInt(inPlace.size()));
    Object src = c.newInstance(level.binaryName());
    Object dest = c.newInstance(level.binaryName());
    List<Field> fields = new ArrayList<>();
    for (FieldSpec f : shape.view(level.index)) {
      Field field = CopierHarness.field(c.load(shape.levels.get(f.level).binaryName()), f.name);
      fill(shape, f, field, src, dest, rv, c);
      fields.add(field);
    }
    Field field =
        CopierHarness.field(c.load(shape.levels.get(broken.level).binaryName()), broken.name);
    boolean structArray =
        broken.kind == Kind.STRUCT
            && shape.struct.arrayLength > 0
            && !shape.struct.exclusions.contains("arr");
    int scenario = rv.nextInt(broken.kind == Kind.ARRAY || structArray ? 3 : 2);
    String how;
    Class<? extends RuntimeException> expected;
    String named = broken.name;
    if (broken.kind == Kind.STRUCT && scenario == 2) {
      CopierHarness.set(getField(field, dest), "arr", new int[shape.struct.arrayLength + 1]);
      how = "dest's struct's arr one element longer";
      expected = IllegalArgumentException.class;
      named = "arr";
    } else if (broken.kind == Kind.ARRAY && scenario == 2) {
      setField(
          field,
          dest,
          Array.newInstance(field.getType().getComponentType(), broken.arrayLength + 1));
      how = "dest's array one element longer";
      expected = IllegalArgumentException.class;
    } else {
      boolean inSrc = scenario == 0;
      setField(field, inSrc ? src : dest, null);
      how = "null in " + (inSrc ? "src" : "dest");
      expected = NullPointerException.class;
    }
    List<Object> before = snapshot(fields, dest);
    ALL_OR_NOTHING_RUN.incrementAndGet();
    String where =
        shape.levels.get(broken.level).simpleName + "." + broken.name + " (" + broken + ") " + how;
    try {
      c.copy(level.copierName(), src, dest);
      problems.add(where + ": copy did not throw " + expected.getSimpleName());
    } catch (RuntimeException e) {
      if (!expected.isInstance(e)) {
        problems.add(where + ": expected " + expected.getSimpleName() + " but got " + e);
      } else if ((broken.kind == Kind.ARRAY || expected == IllegalArgumentException.class)
          && (e.getMessage() == null || !mentions(e.getMessage(), named))) {
        problems.add(where + ": the exception must name the field, but says: " + e.getMessage());
      }
    }
    List<Object> after = snapshot(fields, dest);
    if (!before.equals(after)) {
      problems.add(
          where
              + ": all-or-nothing violated, dest changed from\n        "
              + before
              + "\n     to "
              + after);
    }
  }

  /** Identity and contents of every field, for an exact before/after comparison. */
  private static List<Object> snapshot(List<Field> fields, Object target) {
    List<Object> out = new ArrayList<>();
    for (Field f : fields) {
      Object v = getField(f, target);
      out.add(
          f.getDeclaringClass().getSimpleName()
              + "."
              + f.getName()
              + "="
              + (v == null || isValue(v) ? "" : "@" + System.identityHashCode(v))
              + state(v));
    }
    return out;
  }

  /** A struct copied by value: its excluded fields keep dest's values. */
  private static Object structAfter(Shape shape, Object srcState, Object destState) {
    List<?> s = (List<?>) srcState;
    List<?> d = (List<?>) destState;
    List<Object> out = new ArrayList<>();
    List<String> names = shape.struct.fields();
    for (int i = 0; i < names.size(); i++) {
      if (shape.struct.exclusions.contains(names.get(i))) {
        out.add(d.get(i));
      } else if (names.get(i).equals("arr")) {
        // the struct's own final array: dest's array, the source's contents
        out.add(List.of(((List<?>) d.get(i)).get(0), ((List<?>) s.get(i)).get(1)));
      } else {
        out.add(s.get(i));
      }
    }
    return out;
  }

  /** Fills the field on both sides with distinct values (in place for final arrays and structs). */
  private static void fill(
      Shape shape, FieldSpec f, Field field, Object src, Object dest, Random rv, Compiled c) {
    switch (f.kind) {
      case SCALAR -> {
        Object s = scalar(f.scalarType, rv);
        Object d;
        do {
          d = scalar(f.scalarType, rv);
        } while (d.equals(s));
        setField(field, src, s);
        setField(field, dest, d);
      }
      case ARRAY -> {
        if (f.isFinal) {
          fillArray(f.scalarType, getField(field, src), getField(field, dest), rv);
        } else {
          Object s = Array.newInstance(field.getType().getComponentType(), f.arrayLength);
          Object d = Array.newInstance(field.getType().getComponentType(), 1 + rv.nextInt(3));
          fillArray(f.scalarType, s, d, rv);
          setField(field, src, s);
          setField(field, dest, d);
        }
      }
      case STRUCT -> {
        Object s = f.isFinal ? getField(field, src) : c.newInstance(shape.struct.qualifiedName());
        Object d = f.isFinal ? getField(field, dest) : c.newInstance(shape.struct.qualifiedName());
        int k = rv.nextInt(1000);
        long m = rv.nextInt(1000);
        CopierHarness.set(s, "k", k);
        CopierHarness.set(d, "k", k + 1 + rv.nextInt(10));
        CopierHarness.set(s, "m", m);
        CopierHarness.set(d, "m", m - 1 - rv.nextInt(10));
        CopierHarness.set(s, "n", "s" + rv.nextInt(1000));
        CopierHarness.set(d, "n", "d" + rv.nextInt(1000));
        if (shape.struct.arrayLength > 0) {
          fillArray("int", CopierHarness.get(s, "arr"), CopierHarness.get(d, "arr"), rv);
        }
        if (!f.isFinal) {
          setField(field, src, s);
          setField(field, dest, d);
        }
      }
    }
  }

  private static void fillArray(String type, Object src, Object dest, Random rv) {
    for (int i = 0; i < Array.getLength(src); i++) {
      Array.set(src, i, scalar(type, rv));
    }
    for (int i = 0; i < Array.getLength(dest); i++) {
      Object d;
      do {
        d = scalar(type, rv);
      } while (i < Array.getLength(src) && d.equals(Array.get(src, i)));
      Array.set(dest, i, d);
    }
  }

  static Object scalar(String type, Random r) {
    return switch (type) {
      case "boolean" -> r.nextBoolean();
      case "byte" -> (byte) r.nextInt();
      case "short" -> (short) r.nextInt();
      case "char" -> (char) ('!' + r.nextInt(90));
      case "int" -> r.nextInt();
      case "long" -> r.nextLong();
      case "float" -> r.nextInt(1 << 20) / 8f;
      case "double" -> r.nextInt(1 << 30) / 16d;
      case "String", "T" -> "v" + r.nextInt(1_000_000);
      default -> throw new IllegalArgumentException(type);
    };
  }

  /** A comparable picture of a value: arrays and structs by contents, everything else itself. */
  private static Object state(Object v) {
    if (v == null) {
      return null;
    }
    if (v.getClass().isArray()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < Array.getLength(v); i++) {
        out.add(Array.get(v, i));
      }
      return out;
    }
    if (v.getClass().getSimpleName().equals("S")) {
      List<Object> out = new ArrayList<>();
      for (String f : List.of("k", "m", "n")) {
        out.add(CopierHarness.get(v, f));
      }
      for (Field f : v.getClass().getDeclaredFields()) {
        if (f.getName().equals("arr")) {
          Object arr = getField(CopierHarness.field(v.getClass(), "arr"), v);
          out.add(arr == null ? null : List.of(System.identityHashCode(arr), state(arr)));
        }
      }
      return out;
    }
    return v;
  }

  private static boolean same(Object a, Object b) {
    return a == b || (a != null && !a.getClass().isArray() && a.equals(b) && isValue(a));
  }

  private static boolean isValue(Object o) {
    return o instanceof Number
        || o instanceof Boolean
        || o instanceof Character
        || o instanceof String;
  }

  private static Object getField(Field f, Object target) {
    try {
      return f.get(target);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static void setField(Field f, Object target, Object value) {
    try {
      f.set(target, value);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ invalid shapes

  private static void checkInvalid(Shape shape, List<String> failures) {
    List<Problem> expected = ShapeOracle.problems(shape);
    Compilation compilation = CopierHarness.compile(ShapeSources.of(shape));
    String diagnostics = CopierHarness.describe(compilation.diagnostics());
    List<String> problems = new ArrayList<>();
    if (compilation.status() == Compilation.Status.SUCCESS) {
      problems.add("compiled, but must fail with " + expected);
    }
    List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>(compilation.errors());
    for (Problem p : expected) {
      if (errors.stream().noneMatch(e -> matches(shape, p, e))) {
        problems.add("no error " + p + " on " + expectedPlace(shape, p));
      }
    }
    for (Diagnostic<? extends JavaFileObject> e : errors) {
      String m = e.getMessage(Locale.ROOT);
      if (expected.stream().noneMatch(p -> mentions(m, p.name()))) {
        problems.add("unexpected error (names no expected field): " + CopierHarness.describe(e));
      }
    }
    if (!problems.isEmpty()) {
      failures.add(
          tag(shape)
              + "invalid hierarchy ("
              + shape.defect
              + "):\n      "
              + String.join("\n      ", problems)
              + "\n    diagnostics:\n"
              + diagnostics
              + "\n    "
              + shape
              + sources(shape));
    }
  }

  private static boolean matches(Shape shape, Problem p, Diagnostic<? extends JavaFileObject> e) {
    String m = e.getMessage(Locale.ROOT);
    if (!m.contains(p.tag()) || !mentions(m, p.name())) {
      return false;
    }
    if (p.tag().equals(ShapeOracle.UNKNOWN)) {
      if (!m.contains("\"" + p.name() + "\"")) {
        return false;
      }
      if (!p.suggestions().isEmpty()) {
        if (p.suggestions().stream().noneMatch(s -> m.contains("did you mean \"" + s + "\""))) {
          return false;
        }
      } else {
        if (m.contains("did you mean")) {
          return false;
        }
        for (FieldSpec f : p.in().fields) {
          if (!f.isStatic && !mentions(m, f.name)) {
            return false;
          }
        }
      }
    }
    Level file = p.field() == null ? p.in() : shape.levels.get(p.field().level);
    String path = file.pkg + "/" + file.fileName();
    return e.getSource() != null
        && (e.getSource().getName().equals(path) || e.getSource().getName().endsWith("/" + path))
        && e.getLineNumber() == expectedLine(shape, p);
  }

  private static String expectedPlace(Shape shape, Problem p) {
    Level file = p.field() == null ? p.in() : shape.levels.get(p.field().level);
    return file.fileName() + ":" + expectedLine(shape, p);
  }

  /** The line of the field's declaration, or of the annotation for an unknown name. */
  private static long expectedLine(Shape shape, Problem p) {
    Level file = p.field() == null ? p.in() : shape.levels.get(p.field().level);
    String[] lines = ShapeSources.text(shape, file).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (p.field() == null && lines[i].trim().startsWith("@dev.copyexcept.CopyExcept")) {
        return i + 1;
      }
      if (lines[i].trim().startsWith("public " + file.simpleName + "()")) {
        break;
      }
      if (p.field() != null
          && Pattern.compile("\\s" + Pattern.quote(p.name()) + "( = .*)?;$")
              .matcher(lines[i])
              .find()) {
        return i + 1;
      }
    }
    return -1;
  }

  /** Whether {@code message} names {@code name} as a whole word. */
  private static boolean mentions(String message, String name) {
    return Pattern.compile("(?<![\\w$])" + Pattern.quote(name) + "(?![\\w$])")
        .matcher(message)
        .find();
  }

  private static String tag(Shape shape) {
    return "[seed="
        + shape.seed
        + "] (re-run: -Dtest=RandomShapesTest -Dcopyexcept.seed="
        + shape.seed
        + ") ";
  }

  private static String sources(Shape shape) {
    StringBuilder sb = new StringBuilder("\n    sources:");
    for (Level l : shape.levels) {
      sb.append("\n---- ")
          .append(l.qualifiedName())
          .append('\n')
          .append(ShapeSources.text(shape, l));
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ the generator itself

  /**
   * The fixed seeds give at least 200 hierarchies and cover what the generator promises; without
   * this, a generator change could silently stop testing something.
   */
  @Test
  void fixedSeeds_coverEveryShapeFeature() {
    List<Shape> shapes = new ArrayList<>();
    fixedBatches()
        .forEach(b -> LongStream.of(b).forEach(s -> shapes.add(ShapeGenerator.generate(s))));
    assertWithMessage("hierarchies per run").that(shapes.size()).isAtLeast(200);

    Set<String> seen = new HashSet<>();
    Set<Shape.Access> access = EnumSet.noneOf(Shape.Access.class);
    for (Shape s : shapes) {
      seen.add("levels" + s.levels.size());
      List<Problem> problems = ShapeOracle.problems(s);
      problems.forEach(p -> seen.add(p.tag() + (p.suggestions().isEmpty() ? "" : "+suggestion")));
      seen.add(problems.isEmpty() ? "valid" : "invalid");
      if (s.struct != null) {
        seen.add("struct");
        if (s.struct.arrayLength > 0) {
          seen.add("struct with array");
        }
      }
      for (Level l : s.levels) {
        if (l.index > 0 && l.annotated) {
          Set<String> inherited = s.exclusions(l.index - 1);
          if (l.exclusions.stream().anyMatch(inherited::contains)) {
            seen.add("repeated superclass exclusion");
          }
        }
      }
      Set<String> names = new HashSet<>();
      for (Level l : s.levels) {
        if (!l.pkg.equals(s.pkgA)) {
          seen.add("two packages");
        }
        if (l.annotated && l.index < s.levels.size() - 1) {
          seen.add("annotated superclass");
        }
        if (l.holder != null) {
          seen.add("nested leaf");
        }
        if (!l.isPublic) {
          seen.add(
              l.index < s.levels.size() - 1
                  ? "package-private superclass"
                  : "package-private leaf");
        }
        for (FieldSpec f : l.fields) {
          if (!f.isStatic && !names.add(f.name)) {
            seen.add("hidden field");
          }
          access.add(f.access);
          seen.add(
              f.kind
                  + (f.kind == Kind.STRUCT ? "" : ":" + f.scalarType)
                  + (f.isFinal ? ":final" : ""));
          if (f.isStatic) {
            seen.add("static");
          }
          if (f.isVolatile) {
            seen.add("volatile");
          }
          if (f.isTransient) {
            seen.add("transient");
          }
          if (f.getter && f.setter) {
            seen.add("accessors");
          }
          if (f.getter && f.isGetter) {
            seen.add("isX");
          }
          if ("T".equals(f.scalarType)) {
            seen.add("type variable field");
          }
          if (f.getter && !f.setter && f.copiedInPlace()) {
            seen.add("getter only, in place");
          }
        }
      }
    }
    List<String> required =
        new ArrayList<>(
            List.of(
                "levels1",
                "levels2",
                "levels3",
                "valid",
                "invalid",
                "struct",
                "struct with array",
                "package-private superclass",
                "package-private leaf",
                "nested leaf",
                "repeated superclass exclusion",
                "type variable field",
                "two packages",
                "annotated superclass",
                "hidden field",
                "static",
                "volatile",
                "transient",
                "accessors",
                "isX",
                "getter only, in place",
                "STRUCT:final",
                "STRUCT",
                ShapeOracle.UNKNOWN,
                ShapeOracle.UNKNOWN + "+suggestion",
                ShapeOracle.FINAL,
                ShapeOracle.INACCESSIBLE));
    for (String t : ShapeGenerator.SCALARS) {
      required.add("SCALAR:" + t);
      required.add("ARRAY:" + t + ":final");
    }
    assertWithMessage("features the fixed seeds must cover")
        .that(seen)
        .containsAtLeastElementsIn(required);
    assertWithMessage("access levels")
        .that(access)
        .containsExactlyElementsIn(EnumSet.allOf(Shape.Access.class));
    long invalid = shapes.stream().filter(s -> !ShapeOracle.problems(s).isEmpty()).count();
    assertWithMessage("invalid hierarchies").that(invalid).isAtLeast(30L);
    assertWithMessage("same seed, same hierarchy")
        .that(ShapeGenerator.generate(1234).toString())
        .isEqualTo(ShapeGenerator.generate(1234).toString());
  }
}

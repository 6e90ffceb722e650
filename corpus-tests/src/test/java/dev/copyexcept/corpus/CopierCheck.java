package dev.copyexcept.corpus;

import dev.copyexcept.corpus.Annotator.AnnotatedClass;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import sun.reflect.ReflectionFactory;

/**
 * Runs one generated copier on two instances and checks the result against the contract, not
 * against the copier's own plan: every instance field of the class and its superclasses not
 * excluded by an annotation of the hierarchy is copied (a final array by contents into the
 * destination's own array, a final field of an annotated class by value into the destination's own
 * object), every excluded field keeps the destination's value, and the source is unchanged.
 *
 * <p>Instances are allocated without running any constructor of theirs, with {@code
 * sun.reflect.ReflectionFactory.newConstructorForSerialization} (module {@code jdk.unsupported}),
 * which gives a constructor that allocates the class and runs only {@code Object()}. Every field is
 * then set by reflection, the source's and the destination's to different values: distinct numbers,
 * strings, enum constants, fresh objects, arrays of the same length with distinct elements, and for
 * an interface type a fresh {@link Proxy}.
 */
final class CopierCheck {
  /** The outcome of one check. */
  enum Outcome {
    /** The copy did what the contract says. */
    PASSED,
    /**
     * The copier refused loudly at run time (an {@code IllegalStateException} naming the field),
     * and the destination is unchanged.
     */
    REFUSED_AT_RUN_TIME,
    /**
     * User code the copier called (a setter) threw: the documented limit of all-or-nothing, which
     * holds for the copier's own checks only.
     */
    USER_CODE_THREW,
    /** The class is abstract: nothing to allocate. */
    ABSTRACT,
    /**
     * A final embedded struct's class is abstract and the corpus has no concrete annotated subclass
     * of it, so no object could be made.
     */
    NOT_FILLABLE,
    /** The check found a difference, or the copier threw something else. */
    FAILED
  }

  /** An outcome and its explanation. */
  record Result(String className, Outcome outcome, String detail) {}

  private static final int MAX_DEPTH = 4;

  private final ClassLoader loader;
  private final Map<String, AnnotatedClass> annotated;
  private int counter;
  private String currentPackage = "";

  CopierCheck(ClassLoader loader, Map<String, AnnotatedClass> annotated) {
    this.loader = loader;
    this.annotated = annotated;
  }

  Result check(AnnotatedClass target) {
    counter = 1;
    try {
      Class<?> type = Class.forName(target.binaryName(), false, loader);
      currentPackage = type.getPackageName();
      if (Modifier.isAbstract(type.getModifiers())) {
        return new Result(target.binaryName(), Outcome.ABSTRACT, "");
      }
      Class<?> copier = Class.forName(target.copierName(), true, loader);
      Method copy = copier.getDeclaredMethod("copy", type, type);
      copy.setAccessible(true);
      Object src = allocateFilled(type, 0);
      Object dest = allocateFilled(type, 0);
      Map<String, Object> srcBefore = snapshot(src, 0);
      Map<String, Object> destBefore = snapshot(dest, 0);
      try {
        copy.invoke(null, src, dest);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        List<String> problems = new ArrayList<>();
        compare("src", srcBefore, snapshot(src, 0), problems);
        compare("dest", destBefore, snapshot(dest, 0), problems);
        StackTraceElement[] trace = cause.getStackTrace();
        if (thrownByUserCode(trace, copier)) {
          return new Result(
              target.binaryName(),
              Outcome.USER_CODE_THREW,
              cause + " at " + (trace.length > 0 ? trace[0] : "?"));
        }
        if (cause instanceof IllegalStateException && problems.isEmpty()) {
          return new Result(target.binaryName(), Outcome.REFUSED_AT_RUN_TIME, cause.getMessage());
        }
        return new Result(
            target.binaryName(),
            Outcome.FAILED,
            "copy threw " + cause + (problems.isEmpty() ? "" : "; and changed " + problems));
      }
      List<String> problems = new ArrayList<>();
      compare("src", srcBefore, snapshot(src, 0), problems);
      compare("dest", expected(type, srcBefore, destBefore), snapshot(dest, 0), problems);
      return problems.isEmpty()
          ? new Result(target.binaryName(), Outcome.PASSED, "")
          : new Result(target.binaryName(), Outcome.FAILED, String.join("; ", problems));
    } catch (NotFillable e) {
      return new Result(target.binaryName(), Outcome.NOT_FILLABLE, e.getMessage());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return new Result(target.binaryName(), Outcome.FAILED, "check could not run: " + e);
    }
  }

  // ---- the oracle --------------------------------------------------------------------------

  /** Whether a field of {@code owner}'s hierarchy is excluded by any annotation in it. */
  private Set<String> excludedNames(Class<?> type) {
    Set<String> names = new HashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      AnnotatedClass a = annotated.get(c.getName());
      if (a != null) {
        names.addAll(a.excluded());
      }
    }
    return names;
  }

  private boolean isEmbedded(Field f) {
    return Modifier.isFinal(f.getModifiers()) && annotated.containsKey(f.getType().getName());
  }

  /**
   * What {@code dest} must look like after the copy, as a snapshot: the source's value for every
   * copied field, the destination's own for an excluded one; a final array or struct keeps its
   * identity and takes the source's contents.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> expected(
      Class<?> type, Map<String, Object> src, Map<String, Object> dest) {
    Set<String> excluded = excludedNames(type);
    // An embedded struct may be a subclass of the field's type: its copier copies the fields
    // of the field's type only, so the subclass's own fields keep the destination's values.
    Map<String, Object> out = new LinkedHashMap<>(dest);
    for (Field f : instanceFields(type)) {
      String key = key(f);
      if (excluded.contains(f.getName())) {
        out.put(key, dest.get(key));
      } else if (f.getType().isArray() && Modifier.isFinal(f.getModifiers())) {
        ArraySnapshot s = (ArraySnapshot) src.get(key);
        ArraySnapshot d = (ArraySnapshot) dest.get(key);
        out.put(key, new ArraySnapshot(d.identity, s.elements));
      } else if (isEmbedded(f) && dest.get(key) instanceof StructSnapshot d) {
        StructSnapshot s = (StructSnapshot) src.get(key);
        out.put(key, new StructSnapshot(d.identity, expected(f.getType(), s.fields, d.fields)));
      } else if (isEmbedded(f)) {
        out.put(key, dest.get(key));
      } else {
        out.put(key, src.get(key));
      }
    }
    return out;
  }

  // ---- snapshots ---------------------------------------------------------------------------

  /** A reference compared by identity. */
  record Ref(Object value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Ref r && r.value == value;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(value);
    }

    @Override
    public String toString() {
      return value == null ? "null" : value.getClass().getSimpleName() + "@" + hashCode();
    }
  }

  /** An array: its identity and its elements (primitives boxed, references as {@link Ref}). */
  record ArraySnapshot(Ref identity, List<Object> elements) {}

  /** An embedded struct: its identity and its fields' snapshot. */
  record StructSnapshot(Ref identity, Map<String, Object> fields) {}

  private Map<String, Object> snapshot(Object o, int depth) throws IllegalAccessException {
    Map<String, Object> out = new LinkedHashMap<>();
    Set<String> excluded = excludedNames(o.getClass());
    for (Field f : instanceFields(o.getClass())) {
      Object v = f.get(o);
      out.put(key(f), value(f, v, excluded.contains(f.getName()), depth));
    }
    return out;
  }

  /**
   * A field's value as compared: an excluded struct by identity only (its copier never runs, so its
   * own fields are not looked into).
   */
  private Object value(Field f, Object v, boolean excluded, int depth)
      throws IllegalAccessException {
    if (f.getType().isPrimitive()) {
      return v;
    }
    if (v != null
        && f.getType().isArray()
        && !Modifier.isFinal(f.getModifiers())
        && throughAccessors(f)) {
      // Copied with dest.setF(src.getF()): a getter or setter may make a defensive copy, so only
      // the contents must arrive.
      return new ArraySnapshot(new Ref(null), elements(f, v));
    }
    if (v != null && f.getType().isArray() && Modifier.isFinal(f.getModifiers())) {
      return new ArraySnapshot(new Ref(v), elements(f, v));
    }
    if (v != null && isEmbedded(f) && !excluded && depth < MAX_DEPTH) {
      return new StructSnapshot(new Ref(v), snapshot(v, depth + 1));
    }
    return new Ref(v);
  }

  private static List<Object> elements(Field f, Object array) {
    List<Object> elements = new ArrayList<>();
    for (int i = 0; i < Array.getLength(array); i++) {
      Object e = Array.get(array, i);
      elements.add(f.getType().getComponentType().isPrimitive() ? e : new Ref(e));
    }
    return elements;
  }

  /**
   * Whether the copier cannot name the field and so copies it through its accessors: private, or
   * not public and declared in another package than the class being copied.
   */
  private boolean throughAccessors(Field f) {
    int m = f.getModifiers();
    return Modifier.isPrivate(m)
        || (!Modifier.isPublic(m)
            && !f.getDeclaringClass().getPackageName().equals(currentPackage));
  }

  private static void compare(
      String what, Map<String, Object> expected, Map<String, Object> actual, List<String> out) {
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      Object a = actual.get(e.getKey());
      if (!Objects.equals(e.getValue(), a)) {
        out.add(what + "." + e.getKey() + " is " + a + ", expected " + e.getValue());
      }
    }
  }

  // ---- allocation and filling --------------------------------------------------------------

  private static Object allocate(Class<?> type) throws ReflectiveOperationException {
    Constructor<?> c =
        ReflectionFactory.getReflectionFactory()
            .newConstructorForSerialization(type, Object.class.getDeclaredConstructor());
    return c.newInstance();
  }

  private Object allocateFilled(Class<?> type, int depth) throws ReflectiveOperationException {
    Object o = allocate(type);
    Set<String> excluded = excludedNames(type);
    for (Field f : instanceFields(type)) {
      // An excluded struct is only allocated, not filled: nothing copies into it.
      boolean struct = isEmbedded(f) && !excluded.contains(f.getName());
      f.set(o, valueFor(f.getType(), struct, depth));
    }
    return o;
  }

  /** A fresh value of {@code type}, different from every value made before for this check. */
  private Object valueFor(Class<?> type, boolean embedded, int depth)
      throws ReflectiveOperationException {
    int n = counter++;
    if (type == boolean.class || type == Boolean.class) {
      return n % 2 == 0;
    } else if (type == byte.class || type == Byte.class) {
      return (byte) n;
    } else if (type == short.class || type == Short.class) {
      return (short) n;
    } else if (type == char.class || type == Character.class) {
      return (char) ('A' + n);
    } else if (type == int.class || type == Integer.class) {
      return n;
    } else if (type == long.class || type == Long.class) {
      return (long) n;
    } else if (type == float.class || type == Float.class) {
      return (float) n;
    } else if (type == double.class || type == Double.class) {
      return (double) n;
    } else if (type == String.class || type == CharSequence.class) {
      return "v" + n;
    } else if (type == Class.class) {
      return n % 2 == 0 ? Integer.class : String.class;
    } else if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      return constants.length == 0 ? null : constants[n % constants.length];
    } else if (type.isArray()) {
      // The same length in source and destination, so a final array's copy is legal.
      Object array = Array.newInstance(type.getComponentType(), 2);
      for (int i = 0; i < 2; i++) {
        Array.set(array, i, valueFor(type.getComponentType(), false, MAX_DEPTH));
      }
      return array;
    } else if (type.isInterface()) {
      return Proxy.newProxyInstance(
          type.getClassLoader() == null ? loader : type.getClassLoader(),
          new Class<?>[] {type},
          CopierCheck::proxyCall);
    } else if (Modifier.isAbstract(type.getModifiers())) {
      if (embedded) {
        if (depth < MAX_DEPTH) {
          return allocateFilled(concreteSubclass(type), depth + 1);
        }
        throw new NotFillable("the final struct type " + type.getName() + " nests too deep");
      }
      return annotated.containsKey(type.getName())
          ? allocateOrNull(concreteSubclassOrNull(type))
          : null;
    } else if (embedded && depth < MAX_DEPTH) {
      return allocateFilled(type, depth + 1);
    } else if (type == Object.class) {
      return new Object();
    } else {
      return allocate(type);
    }
  }

  /**
   * Whether a frame of a corpus class lies between the throw and the copier: user code the copier
   * called (a setter, a getter) threw, not one of the copier's own checks (which may throw from a
   * JDK method such as {@code Objects.requireNonNull}).
   */
  private static boolean thrownByUserCode(StackTraceElement[] trace, Class<?> copier) {
    for (StackTraceElement frame : trace) {
      String name = frame.getClassName();
      if (name.equals(copier.getName())) {
        return false;
      }
      if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
        return true;
      }
    }
    return false;
  }

  private Class<?> concreteSubclassOrNull(Class<?> type) {
    try {
      return concreteSubclass(type);
    } catch (NotFillable e) {
      return null;
    }
  }

  private static Object allocateOrNull(Class<?> type) throws ReflectiveOperationException {
    return type == null ? null : allocate(type);
  }

  /** The first (by name) concrete annotated class of the corpus that extends {@code type}. */
  private Class<?> concreteSubclass(Class<?> type) {
    for (String name : annotated.keySet().stream().sorted().toList()) {
      try {
        Class<?> c = Class.forName(name, false, loader);
        if (type.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
          return c;
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // not compiled: not a candidate
      }
    }
    throw new NotFillable(
        "the final struct type " + type.getName() + " is abstract, with no concrete subclass");
  }

  private static Object proxyCall(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      case "toString" -> "proxy@" + System.identityHashCode(proxy);
      default -> defaultValue(method.getReturnType());
    };
  }

  private static Object defaultValue(Class<?> type) {
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    return Array.get(Array.newInstance(type, 1), 0);
  }

  /** Instance fields of the class and its superclasses, topmost first; synthetic ones left out. */
  static List<Field> instanceFields(Class<?> type) {
    List<Class<?>> levels = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      levels.add(0, c);
    }
    List<Field> out = new ArrayList<>();
    for (Class<?> c : levels) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
          // A JDK superclass's private state cannot be opened: that throws, and the check fails,
          // which is what a copier that cannot see that state deserves.
          f.setAccessible(true);
          out.add(f);
        }
      }
    }
    return out;
  }

  private static String key(Field f) {
    return f.getDeclaringClass().getName() + "." + f.getName();
  }

  /** No instance can be made for a final struct field. */
  private static final class NotFillable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFillable(String message) {
      super(message, null, false, false);
    }
  }
}

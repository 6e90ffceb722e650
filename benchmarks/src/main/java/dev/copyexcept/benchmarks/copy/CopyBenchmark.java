package dev.copyexcept.benchmarks.copy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mapstruct.factory.Mappers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.beans.BeanUtils;

/**
 * Every way a user has to copy a {@link Bean20} into an existing instance except {@code refcnt} (19
 * fields), in one run so that the ratios are side by side, and the embedded-struct copy of {@link
 * Nested} against its hand-written twin. Run with {@code -prof gc} for B/op.
 *
 * <p>Each alternative is set up the way its documentation recommends: the reflective {@code Field}s
 * and {@code VarHandle}s are looked up once (as a reflective library caches them); the composed
 * {@code MethodHandle} is a {@code static final} constant, its best case. {@code clone()} cannot
 * copy into an existing object: it makes a new one and puts the excluded field back, so its B/op is
 * the new object.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CopyBenchmark {
  private static final String EXCLUDED = "refcnt";
  private static final MethodHandle COMPOSED = composedCopy();

  private final Bean20 src = sample();
  private final Bean20 dest = new Bean20();
  private final Bean20Mapper mapper = Mappers.getMapper(Bean20Mapper.class);
  private final Nested nestedSrc = new Nested();
  private final Nested nestedDest = new Nested();
  private Field[] fields;
  private VarHandle[] varHandles;

  @Setup
  public void setUp() throws ReflectiveOperationException {
    fields = copiedFields().toArray(new Field[0]);
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    varHandles = new VarHandle[fields.length];
    for (int i = 0; i < fields.length; i++) {
      varHandles[i] = lookup.unreflectVarHandle(fields[i]);
    }
    nestedSrc.start = 1;
    nestedSrc.file = "file";
    nestedSrc.mid.inner.leaf.e = 7;
    nestedSrc.words[3] = 9;
  }

  static Bean20 sample() {
    Bean20 b = new Bean20();
    b.start = 0x10000;
    b.end = 0x20000;
    b.mm = new Object();
    b.flags = 0x73;
    b.pgoff = 16;
    b.file = "file";
    b.locked = true;
    b.refcnt = 1;
    b.weight = 0.5;
    return b;
  }

  /** The instance fields of Bean20 but {@code refcnt}, in declaration order. */
  static List<Field> copiedFields() {
    List<Field> copied = new ArrayList<>();
    for (Field f : Bean20.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && !f.getName().equals(EXCLUDED)) {
        copied.add(f);
      }
    }
    return copied;
  }

  /** One handle {@code (Bean20 src, Bean20 dest) void} that sets each field of dest from src. */
  private static MethodHandle composedCopy() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle all =
          MethodHandles.empty(MethodType.methodType(void.class, Bean20.class, Bean20.class));
      for (Field f : copiedFields()) {
        MethodHandle getter = lookup.unreflectGetter(f); // (Bean20)T
        MethodHandle setter = lookup.unreflectSetter(f); // (Bean20,T)void
        // (dest, src) -> setter(dest, getter(src)), then reordered to (src, dest).
        MethodHandle one = MethodHandles.filterArguments(setter, 1, getter);
        one =
            MethodHandles.permuteArguments(
                one, MethodType.methodType(void.class, Bean20.class, Bean20.class), 1, 0);
        all = MethodHandles.foldArguments(one, all);
      }
      return all;
    } catch (IllegalAccessException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Benchmark
  public Bean20 generated() {
    Bean20Copier.copy(src, dest);
    return dest;
  }

  @Benchmark
  public Bean20 handWritten() {
    Bean20.copyByHand(src, dest);
    return dest;
  }

  @Benchmark
  public Bean20 mapStruct() {
    mapper.update(src, dest);
    return dest;
  }

  @Benchmark
  public Bean20 springBeanUtils() {
    BeanUtils.copyProperties(src, dest, EXCLUDED);
    return dest;
  }

  @Benchmark
  public Bean20 cloneThenRestore() {
    Bean20 copy = src.clone();
    copy.refcnt = dest.refcnt;
    return copy;
  }

  @Benchmark
  public Bean20 reflectiveFields() throws IllegalAccessException {
    for (Field f : fields) {
      f.set(dest, f.get(src));
    }
    return dest;
  }

  @Benchmark
  public Bean20 varHandleLoop() {
    for (VarHandle vh : varHandles) {
      vh.set(dest, vh.get(src));
    }
    return dest;
  }

  @Benchmark
  public Bean20 composedMethodHandles() throws Throwable {
    COMPOSED.invokeExact(src, dest);
    return dest;
  }

  @Benchmark
  public Nested nestedGenerated() {
    NestedCopier.copy(nestedSrc, nestedDest);
    return nestedDest;
  }

  @Benchmark
  public Nested nestedHandWritten() {
    Nested.copyByHand(nestedSrc, nestedDest);
    return nestedDest;
  }

  @Benchmark
  public Nested nestedRepeatedChecks() {
    RepeatedChecksCopiers.copy(nestedSrc, nestedDest);
    return nestedDest;
  }
}

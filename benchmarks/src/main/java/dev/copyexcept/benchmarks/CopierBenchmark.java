package dev.copyexcept.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/**
 * The generated copier against the two alternatives a user has: the same copy written by hand, and
 * a reflective copy over the class's fields (the {@code Field} objects looked up once, as a
 * reflective library caches them). All three copy the same 13 fields and leave {@code refcnt}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CopierBenchmark {
  private final Struct14 src = new Struct14();
  private final Struct14 dest = new Struct14();
  private Field[] fields;

  @Setup
  public void setUp() {
    src.start = 0x10000;
    src.end = 0x20000;
    src.mm = new Object();
    src.flags = 0x73;
    src.pgoff = 16;
    src.file = "file";
    src.locked = true;
    List<Field> copied = new ArrayList<>();
    for (Field f : Struct14.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && !f.getName().equals("refcnt")) {
        copied.add(f);
      }
    }
    fields = copied.toArray(new Field[0]);
  }

  @Benchmark
  public Struct14 generated() {
    Struct14Copier.copy(src, dest);
    return dest;
  }

  @Benchmark
  public Struct14 handWritten() {
    Struct14.copyByHand(src, dest);
    return dest;
  }

  @Benchmark
  public Struct14 reflective() throws IllegalAccessException {
    for (Field f : fields) {
      f.set(dest, f.get(src));
    }
    return dest;
  }
}

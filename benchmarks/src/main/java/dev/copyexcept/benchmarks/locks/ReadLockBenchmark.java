package dev.copyexcept.benchmarks.locks;

import dev.copyexcept.example.mm.Kernel;
import dev.copyexcept.example.mm.MmStruct;
import dev.copyexcept.example.mm.Mman;
import dev.copyexcept.example.mm.MmapLock;
import dev.copyexcept.example.mm.VmAreaStruct;
import dev.copyexcept.example.rcu.RcuDomain;
import dev.copyexcept.example.tree.VmaTree;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One lookup, four ways to make it safe against a concurrent writer: the VMA covering an address,
 * found by {@code VmaTree.walk} in a tree of 64 areas, inside
 *
 * <ul>
 *   <li>{@code rcuReadSection}: the model's RCU read section ({@code rcuReadLock}/{@code
 *       rcuReadUnlock}), what a reader that needs no reference pays;
 *   <li>{@code vmaReadLock}: {@code lockVmaUnderRcu} + {@code vmaEndRead}, the fault path's lock
 *       (RCU section, walk, and an increment-if-not-zero of the VMA's {@code vm_refcnt} and its
 *       release);
 *   <li>{@code rwLockRead}: a {@code ReentrantReadWriteLock} read lock around the walk: the model's
 *       {@code mmap_lock} is one, so this is what {@code mmap_read_lock} costs a lookup;
 *   <li>{@code stampedOptimistic}: a {@code StampedLock} optimistic read (validate, and a read lock
 *       only when validation fails, which it never does here: there is no writer).
 * </ul>
 *
 * <p>Run at {@code -t 1} and {@code -t 2}. With {@code spread=same} every thread looks up the same
 * address (the same VMA: its {@code vm_refcnt} line is shared); with {@code spread=own} each thread
 * has its own VMA, which is the case per-VMA locks were made for: the reader-count of a read-write
 * lock is one word for the whole mm, whichever VMA a thread touches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReadLockBenchmark {
  private static final int AREAS = 64;

  @Param({"same", "own"})
  public String spread;

  private Kernel kernel;
  private RcuDomain rcu;
  private MmStruct mm;
  private final long[] addrs = new long[AREAS];
  private final VmaTree<Object> tree = new VmaTree<>();
  private final ReentrantReadWriteLock rwLock = new ReentrantReadWriteLock();
  private final StampedLock stampedLock = new StampedLock();
  private final AtomicInteger nextThread = new AtomicInteger();

  /** The address a thread looks up: the same one for every thread, or one of its own. */
  @State(Scope.Thread)
  public static class Reader {
    long addr;

    @Setup(Level.Trial)
    public void setUp(ReadLockBenchmark b) {
      int i = "own".equals(b.spread) ? b.nextThread.getAndIncrement() * 7 % AREAS : 0;
      addr = b.addrs[i];
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    kernel = Kernel.builder().warningsLog(null).build();
    rcu = kernel.rcu();
    mm = kernel.newMm();
    for (int i = 0; i < AREAS; i++) {
      // Alternate protections so that neighbours do not merge: 64 VMAs.
      int prot = (i % 2 == 0) ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE;
      long a = mm.mmap(0, Mman.PAGE_SIZE, prot, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS);
      if (a < 0) {
        throw new IllegalStateException("mmap failed: " + a);
      }
      addrs[i] = a;
      tree.store(a, a + Mman.PAGE_SIZE, Long.valueOf(a));
    }
    if (mm.mapCount() != AREAS) {
      throw new IllegalStateException("expected " + AREAS + " VMAs, got " + mm.mapCount());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    mm.exitMmap();
    kernel.close();
  }

  @Benchmark
  public Object rcuReadSection(Reader r) {
    rcu.rcuReadLock();
    try {
      return tree.walk(r.addr);
    } finally {
      rcu.rcuReadUnlock();
    }
  }

  @Benchmark
  public VmAreaStruct vmaReadLock(Reader r) {
    VmAreaStruct vma = MmapLock.lockVmaUnderRcu(mm, r.addr);
    if (vma == null) {
      throw new IllegalStateException("lockVmaUnderRcu failed with no writer");
    }
    MmapLock.vmaEndRead(vma);
    return vma;
  }

  @Benchmark
  public Object rwLockRead(Reader r) {
    ReentrantReadWriteLock.ReadLock lock = rwLock.readLock();
    lock.lock();
    try {
      return tree.walk(r.addr);
    } finally {
      lock.unlock();
    }
  }

  @Benchmark
  public Object stampedOptimistic(Reader r) {
    long stamp = stampedLock.tryOptimisticRead();
    Object found = tree.walk(r.addr);
    if (!stampedLock.validate(stamp)) {
      stamp = stampedLock.readLock();
      try {
        found = tree.walk(r.addr);
      } finally {
        stampedLock.unlockRead(stamp);
      }
    }
    return found;
  }
}

package dev.copyexcept.benchmarks.locks;

import dev.copyexcept.example.debug.Interleave;
import dev.copyexcept.example.debug.Interleave.Point;
import dev.copyexcept.example.mm.FaultResult;
import dev.copyexcept.example.mm.Kernel;
import dev.copyexcept.example.mm.MmStruct;
import dev.copyexcept.example.mm.Mman;
import dev.copyexcept.example.mm.MmapLock;
import dev.copyexcept.example.mm.VmAreaStruct;
import dev.copyexcept.example.rcu.RcuDomain;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The example's read side, uncontended, one thread: an RCU read section, an interleaving point with
 * no hook installed (should cost next to nothing), the per-VMA read lock taken and dropped through
 * {@code lockVmaUnderRcu} in an mm of 64 VMAs, and a whole fault on an already-mapped page, which
 * takes the per-VMA fast path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReadPathBenchmark {
  private Kernel kernel;
  private RcuDomain rcu;
  private MmStruct mm;
  private long addr;

  @Setup(Level.Trial)
  public void setUp() {
    kernel = Kernel.builder().warningsLog(null).build();
    rcu = kernel.rcu();
    mm = kernel.newMm();
    for (int i = 0; i < 64; i++) {
      // Alternate protections so that neighbours do not merge: 64 VMAs.
      int prot = (i % 2 == 0) ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE;
      long a = mm.mmap(0, Mman.PAGE_SIZE, prot, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS);
      if (a < 0) {
        throw new IllegalStateException("mmap failed: " + a);
      }
      addr = a;
    }
    if (!mm.handleFault(addr, false).handled()) {
      throw new IllegalStateException("fault in setup failed");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    mm.exitMmap();
    kernel.close();
  }

  @Benchmark
  public void rcuReadSection() {
    rcu.rcuReadLock();
    rcu.rcuReadUnlock();
  }

  @Benchmark
  public void interleavePointWithoutHook() {
    Interleave.point(Point.LOCK_VMA_UNDER_RCU_AFTER_WALK);
  }

  @Benchmark
  public VmAreaStruct lockVmaUnderRcuAndEndRead() {
    VmAreaStruct vma = MmapLock.lockVmaUnderRcu(mm, addr);
    MmapLock.vmaEndRead(vma);
    return vma;
  }

  @Benchmark
  public FaultResult faultOnMappedPage() {
    return mm.handleFault(addr, false);
  }
}

package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.Warning;
import dev.copyexcept.example.debug.Warnings;
import dev.copyexcept.example.rcu.RcuDomain;
import dev.copyexcept.example.slab.KmemCache;
import dev.copyexcept.example.slab.SlabInfo;
import dev.copyexcept.example.slab.SlabMode;
import dev.copyexcept.example.slab.SlabPeaks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The system-wide state of the model: one RCU domain, the VMA slab cache ({@code vm_area_cachep}),
 * the {@code /proc/vmstat} counters and the kernel-style warnings. Address spaces are made with
 * {@link #newMm()}.
 *
 * <pre>{@code
 * try (Kernel k = Kernel.builder().slabMode(SlabMode.TYPESAFE_BY_RCU)
 *     .copyStrategy(CopyStrategy.COPY_EXCEPT).build()) {
 *   MmStruct mm = k.newMm();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} waits for pending RCU callbacks and stops the RCU domain's thread; it throws
 * nothing and may be called more than once.
 *
 * <p>The composition root of the model: a {@code Kernel} builds and owns the pieces of the lower
 * packages (the {@link RcuDomain}, the {@link KmemCache} of VMAs, the {@link Warnings} sink) and
 * wires them into every {@link MmStruct} it makes. It lives in {@code mm}, beside the rest of the
 * pinned public facade, rather than in a package of its own above {@code mm}: the facade's names
 * are a contract (see the spec), and {@code mm} is the top of the model's dependency graph anyway
 * (only {@code demo} and the benchmark and jcstress modules sit above it).
 */
public final class Kernel implements AutoCloseable {
  /**
   * Objects per slab of {@code vm_area_cachep} unless configured (a 4 KiB page of ~200-byte VMAs
   * holds ~20).
   */
  public static final int DEFAULT_VMA_OBJS_PER_SLAB = 16;

  private final SlabMode slabMode;
  private final CopyStrategy copyStrategy;
  private final boolean perVmaLock;
  private final boolean foreignMmPin;
  private final Warnings warnings;
  private final RcuDomain rcu;
  private final KmemCache<VmAreaStruct> vm_area_cachep;
  private final LongAdder[] vmEvents;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Every address space made by {@link #newMm()} (forks included) and not yet garbage: held weakly,
   * so that a demo forking for minutes does not keep its children. For {@link #checkInvariants()}.
   */
  private final Set<MmStruct> mms =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private static final AtomicLong KERNELS = new AtomicLong();

  private Kernel(Builder b) {
    this.slabMode = b.slabMode;
    this.copyStrategy = b.copyStrategy;
    this.perVmaLock = b.perVmaLock;
    this.foreignMmPin = b.foreignMmPin;
    this.warnings = new Warnings(b.warningsLog);
    this.rcu = new RcuDomain("kernel" + KERNELS.incrementAndGet(), warnings);
    this.vm_area_cachep =
        new KmemCache<>(
            "vm_area_struct", b.vmaObjsPerSlab, slabMode, rcu, warnings, VmAreaStruct::new);
    VmEvent[] events = VmEvent.values();
    this.vmEvents = new LongAdder[events.length];
    for (int i = 0; i < events.length; i++) {
      vmEvents[i] = new LongAdder();
    }
  }

  /**
   * A builder with the defaults: {@code TYPESAFE_BY_RCU}, {@code COPY_EXCEPT}, warnings logged to
   * {@code System.err}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Kernel}. */
  public static final class Builder {
    private SlabMode slabMode = SlabMode.TYPESAFE_BY_RCU;
    private CopyStrategy copyStrategy = CopyStrategy.COPY_EXCEPT;
    private boolean foreignMmPin = true;
    private PrintStream warningsLog = System.err;
    private int vmaObjsPerSlab = DEFAULT_VMA_OBJS_PER_SLAB;
    private boolean perVmaLock = true;

    private Builder() {}

    /**
     * How {@code vm_area_cachep} frees: {@code TYPESAFE_BY_RCU} (6.15+) or {@code CALL_RCU}
     * (before).
     */
    public Builder slabMode(SlabMode mode) {
      this.slabMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * How {@code vm_area_dup} copies; {@link CopyStrategy#MEMCPY_THEN_RESET} only to demonstrate
     * the race.
     */
    public Builder copyStrategy(CopyStrategy strategy) {
      this.copyStrategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Whether {@code vma_start_read} pins a foreign mm with {@code mmgrab} across dropping its
     * stray reference (true, the default: Linux 6.16+ and the 6.15 stable fix "mm: fix a UAF when
     * vma->mm is freed after vma->vm_refcnt got dropped"). False only to demonstrate the
     * use-after-free the pin prevents.
     */
    public Builder foreignMmPin(boolean pin) {
      this.foreignMmPin = pin;
      return this;
    }

    /** Where the first warning of each site is printed; null to count warnings without printing. */
    public Builder warningsLog(PrintStream log) {
      this.warningsLog = log;
      return this;
    }

    /**
     * {@code CONFIG_PER_VMA_LOCK}: true (the default) tries the per-VMA lock first on every fault;
     * false handles every fault under {@code mmap_lock} for read, as Linux did before 6.4 (for
     * benchmarks that compare the two). Only the fault path changes: writers still write-lock the
     * VMAs they modify, which costs a store per VMA and nothing a fault waits for.
     */
    public Builder perVmaLock(boolean enabled) {
      this.perVmaLock = enabled;
      return this;
    }

    /** Objects per slab page of {@code vm_area_cachep}. */
    public Builder vmaObjsPerSlab(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("objsPerSlab " + n);
      }
      this.vmaObjsPerSlab = n;
      return this;
    }

    public Kernel build() {
      return new Kernel(this);
    }
  }

  /** A fresh, empty address space ({@code mm_alloc}). */
  public MmStruct newMm() {
    MmStruct mm = new MmStruct(this);
    mms.add(mm);
    return mm;
  }

  /** The address spaces of this kernel still reachable, in no particular order (for tests). */
  List<MmStruct> mms() {
    synchronized (mms) {
      return new ArrayList<>(mms);
    }
  }

  /**
   * The model's invariant checks in one call, one convention: {@link MmStruct#checkInvariants()} of
   * every address space still reachable and {@link KmemCache#checkInvariants()} of {@code
   * vm_area_cachep}; returns the violations, one line each, empty when all hold. Call it when no
   * mmap writer runs and no RCU callback is pending ({@link RcuDomain#rcuBarrier()}): the cache's
   * counts are exact only then.
   */
  public List<String> checkInvariants() {
    List<String> bad = new ArrayList<>();
    for (MmStruct mm : mms()) {
      for (String v : mm.checkInvariants()) {
        bad.add(mm + ": " + v);
      }
    }
    bad.addAll(vm_area_cachep.checkInvariants());
    return bad;
  }

  /** Counts one {@code /proc/vmstat} event ({@code count_vm_vma_lock_event}). */
  void countVmEvent(VmEvent event) {
    vmEvents[event.ordinal()].increment();
  }

  /** The counters, keyed by their {@code /proc/vmstat} names, in {@link VmEvent} order. */
  public Map<String, Long> vmstat() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (VmEvent e : VmEvent.values()) {
      out.put(e.vmstatName(), vmEvents[e.ordinal()].sum());
    }
    return out;
  }

  /** One counter now. */
  public long vmEventCount(VmEvent event) {
    return vmEvents[event.ordinal()].sum();
  }

  /** {@code /proc/slabinfo}: one row per cache. */
  public List<SlabInfo> slabinfo() {
    return List.of(vm_area_cachep.slabinfo());
  }

  /**
   * The memory {@code vm_area_cachep} held at its peak since the kernel was built or since {@link
   * #resetVmAreaCachepPeaks()} (for comparing the slab modes under churn).
   */
  public SlabPeaks vmAreaCachepPeaks() {
    return vm_area_cachep.peaks();
  }

  /** Starts {@link #vmAreaCachepPeaks()} again from the current values. */
  public void resetVmAreaCachepPeaks() {
    vm_area_cachep.resetPeaks();
  }

  /** Every warning raised so far, by kind and site; empty when correct code ran. */
  public List<Warning> warnings() {
    return warnings.snapshot();
  }

  /** The warnings object itself, to raise or count warnings. */
  public Warnings warningsSink() {
    return warnings;
  }

  /** The RCU domain. */
  public RcuDomain rcu() {
    return rcu;
  }

  /** {@code vm_area_cachep}. */
  KmemCache<VmAreaStruct> vmAreaCachep() {
    return vm_area_cachep;
  }

  /** Whether {@code vma_start_read} pins a foreign mm (see {@link Builder#foreignMmPin}). */
  public boolean foreignMmPin() {
    return foreignMmPin;
  }

  public CopyStrategy copyStrategy() {
    return copyStrategy;
  }

  public SlabMode slabMode() {
    return slabMode;
  }

  /** Whether faults try the per-VMA lock first ({@link Builder#perVmaLock}). */
  public boolean perVmaLock() {
    return perVmaLock;
  }

  /** Waits for pending RCU callbacks (deferred frees) and stops the RCU domain. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      rcu.rcuBarrier();
    } finally {
      rcu.close();
    }
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return closed.get();
  }

  @Override
  public String toString() {
    return "Kernel[" + slabMode + ", " + copyStrategy + "]";
  }
}

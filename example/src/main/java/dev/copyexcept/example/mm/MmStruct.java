package dev.copyexcept.example.mm;

import dev.copyexcept.example.tree.VmaTree;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@code struct mm_struct}: one address space.
 *
 * <p>This class holds the state; the functions that use it follow the kernel's split: the mmap/VMA
 * lock functions are in {@link MmapLock} ({@code include/linux/mmap_lock.h}, {@code
 * mm/mmap_lock.c}), {@code mmgrab}/{@code mmdrop} in {@link SchedMm}, VMA allocation in {@link
 * VmaInit}. Obtain one with {@link Kernel#newMm()}.
 */
public final class MmStruct {
  /*
   * Implementation notes (the lock state; the protocol is in MmapLock's notes).
   *
   * mmap_lock is a ReentrantReadWriteLock (non-fair), chosen because it is the JDK lock with
   * the three things the model needs from an rwsem: downgrade (take the read lock while holding
   * the write lock, then drop the write lock: exactly downgrade_write), "held by the current
   * thread" queries for the assertions (isWriteLockedByCurrentThread, getReadHoldCount; the
   * kernel's mmap_assert_locked only checks that *someone* holds it, the model checks the
   * caller, which is stricter), and blocking without spinning. Its reentrancy is not used by
   * the model: recursive mmap_write_lock would deadlock a kernel; nothing in the model does it.
   *
   * mm_lock_seq: a sequence count, odd exactly while mmap_lock is write-held. Written only by
   * the holder of the write lock (MmapLock.mmapWriteLock / vmaEndWriteAll), read by anyone:
   * opaque for the racy early check in vmaStartRead, acquire for the authoritative re-check and
   * the speculation helpers (pairs with the release in vmaEndWriteAll).
   *
   * vma_writer_wait: rcuwait, a single waiter slot holding the Thread of the VMA writer that is
   * waiting for readers to drain (only the mmap_lock write holder waits, so there is at most
   * one). Set/cleared by the waiter with volatile stores; read by a waking reader after a full
   * fence (MmapLock.rcuwaitWakeUp). The kernel keeps the task_struct alive with RCU; here the
   * Thread object simply stays reachable.
   *
   * mm_count (mmgrab/mmdrop) pins the struct itself; mm_users pins the address space. Both
   * start at 1, as after mm_init (the users together hold one mm_count reference). Plain ints
   * behind VarHandles, changed with atomic adds. mmput of the last user tears the address space
   * down (exit_mmap) and drops that reference; mmdrop of the last reference runs __mmdrop, which
   * poisons the struct and sets mm_freed (release; readers check it with an acquire: the
   * model's KASAN for an mm, see SchedMm).
   */

  /** The kernel (RCU domain, caches, counters, warnings) this address space belongs to. */
  final Kernel kernel;

  /** The VMAs of this address space, by range ({@code mm_mt}). */
  final VmaTree<VmAreaStruct> mm_mt = new VmaTree<>();

  /** Number of VMAs ({@code map_count}); changed under {@code mmap_lock} held for write. */
  int map_count;

  /** {@code mmap_lock}: the address-space reader/writer lock (see the notes for why this class). */
  final ReentrantReadWriteLock mmap_lock = new ReentrantReadWriteLock();

  /**
   * {@code mm_lock_seq}: odd exactly while {@code mmap_lock} is write-held. Through MM_LOCK_SEQ.
   */
  int mm_lock_seq;

  /**
   * {@code vma_writer_wait}: the VMA writer waiting for readers, or null. Through VMA_WRITER_WAIT.
   */
  Thread vma_writer_wait;

  /**
   * {@code mm_count}: references to the struct ({@code mmgrab}/{@code mmdrop}). Through MM_COUNT.
   */
  int mm_count = 1;

  /**
   * {@code mm_users}: users of the address space ({@code mmget}/{@code mmput}). Through MM_USERS.
   */
  int mm_users = 1;

  /**
   * Set once by {@code __mmdrop} when {@code mm_count} reached 0: the struct is freed memory from
   * then on (the Java object stays reachable, like a slab object, so that a use-after-free can be
   * detected and reported). Through MM_FREED.
   */
  boolean mm_freed;

  private static final VarHandle MM_LOCK_SEQ;
  private static final VarHandle MM_FREED;
  private static final VarHandle VMA_WRITER_WAIT;
  private static final VarHandle MM_COUNT;
  private static final VarHandle MM_USERS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      MM_LOCK_SEQ = l.findVarHandle(MmStruct.class, "mm_lock_seq", int.class);
      VMA_WRITER_WAIT = l.findVarHandle(MmStruct.class, "vma_writer_wait", Thread.class);
      MM_COUNT = l.findVarHandle(MmStruct.class, "mm_count", int.class);
      MM_USERS = l.findVarHandle(MmStruct.class, "mm_users", int.class);
      MM_FREED = l.findVarHandle(MmStruct.class, "mm_freed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A fresh, empty address space of {@code kernel} ({@code mm_alloc} + {@code mm_init}). */
  MmStruct(Kernel kernel) {
    this.kernel = Objects.requireNonNull(kernel, "kernel");
  }

  /** The kernel this address space belongs to. */
  public Kernel kernel() {
    return kernel;
  }

  // --- mm_lock_seq --------------------------------------------------------------------------

  /** READ_ONCE(mm->mm_lock_seq.sequence). */
  int mmLockSeqOpaque() {
    return (int) MM_LOCK_SEQ.getOpaque(this);
  }

  /** raw_read_seqcount: an acquire load. */
  int mmLockSeqAcquire() {
    return (int) MM_LOCK_SEQ.getAcquire(this);
  }

  /** A store by the write-lock holder, no ordering (the caller adds its fence). */
  void setMmLockSeqOpaque(int seq) {
    MM_LOCK_SEQ.setOpaque(this, seq);
  }

  /** A release store by the write-lock holder. */
  void setMmLockSeqRelease(int seq) {
    MM_LOCK_SEQ.setRelease(this, seq);
  }

  // --- vma_writer_wait ----------------------------------------------------------------------

  /**
   * Registers (or with null clears) the waiting writer: a volatile exchange; returns the previous
   * waiter.
   */
  Thread exchangeVmaWriterWait(Thread waiter) {
    return (Thread) VMA_WRITER_WAIT.getAndSet(this, waiter);
  }

  /** The waiting writer, or null: a volatile load. */
  Thread vmaWriterWaitVolatile() {
    return (Thread) VMA_WRITER_WAIT.getVolatile(this);
  }

  // --- mm_count / mm_users ------------------------------------------------------------------

  /** Adds {@code delta} to mm_count; returns the new value. */
  int addMmCount(int delta) {
    return (int) MM_COUNT.getAndAdd(this, delta) + delta;
  }

  /** Adds {@code delta} to mm_users; returns the new value. */
  int addMmUsers(int delta) {
    return (int) MM_USERS.getAndAdd(this, delta) + delta;
  }

  /**
   * {@code free_mm} + poisoning: marks the struct freed (release: pairs with the acquire in {@link
   * #mmFreedAcquire}, so a thread that sees it freed sees the scribbles) after scribbling what a
   * stale user would read: {@code mm_lock_seq} gets the slab poison byte pattern, {@code
   * vma_writer_wait} is cleared.
   */
  void poisonFreed() {
    MM_LOCK_SEQ.setOpaque(this, POISON_FREE);
    VMA_WRITER_WAIT.setOpaque(this, (Thread) null);
    MM_FREED.setRelease(this, true);
  }

  /** {@code POISON_FREE} ({@code 0x6b}) in every byte, as slub_debug fills freed objects. */
  static final int POISON_FREE = 0x6b6b6b6b;

  /** Whether {@code __mmdrop} freed this mm (acquire; pairs with {@link #poisonFreed}). */
  boolean mmFreedAcquire() {
    return (boolean) MM_FREED.getAcquire(this);
  }

  /** Whether this mm was freed ({@code mm_count} reached 0 and {@code __mmdrop} ran). */
  public boolean freed() {
    return mmFreedAcquire();
  }

  /** {@code mm_count} now (for tests and invariants). */
  public int mmCount() {
    return (int) MM_COUNT.getVolatile(this);
  }

  /** {@code mm_users} now (for tests and invariants). */
  public int mmUsers() {
    return (int) MM_USERS.getVolatile(this);
  }

  /** {@code mm_lock_seq} now (for tests and invariants). */
  public int mmLockSeq() {
    return mmLockSeqAcquire();
  }

  // =============================================================================================
  // Address space (part 2): page tables, the syscalls of the public facade, the fault entry.
  //
  // Each syscall checks what it can without a lock, takes mmap_lock for write, runs the kernel
  // function (Mmap, Mprotect, VmaFunctions: see their notes for the per-VMA lock discipline) and
  // releases
  // the lock, which ends every VMA write lock of the session at once. Errors are returned as
  // negative errnos, never thrown, and are detected before anything changes. vmas(), maps() and
  // mapCount() take mmap_lock for read, as /proc/PID/maps does, so they see a consistent layout.
  // The fault entry takes no lock itself: PageFault decides (per-VMA lock, then mmap_lock).

  /** The page tables ({@code pgd}); see {@link PageTable} for the locking rule. */
  private final PageTable pgd = new PageTable();

  // ---------------------------------------------------------------------------------------------
  // The address-space syscalls (the public facade)

  /**
   * {@code mmap(addr, len, prot, flags, -1, 0)}: an anonymous mapping (flags must include
   * MAP_ANONYMOUS).
   */
  public long mmap(long addr, long len, int prot, int flags) {
    return mmap(addr, len, prot, flags, null, 0);
  }

  /**
   * {@code mmap(2)}: maps {@code len} bytes (rounded up to pages) of {@code file} from page {@code
   * pgoff}, or anonymous memory with {@code MAP_ANONYMOUS} (the file is then ignored). {@code
   * MAP_FIXED} replaces whatever was mapped at {@code addr}; otherwise {@code addr} is a hint, used
   * when free, else the highest free range below {@code TASK_SIZE} is chosen.
   *
   * @return the start address, or a negative errno ({@code -EINVAL}, {@code -ENOMEM}, {@code
   *     -EBADF}, {@code -EPERM}, {@code -EEXIST}, {@code -EOVERFLOW}, {@code -EOPNOTSUPP}); on
   *     error the address space is unchanged
   */
  public long mmap(long addr, long len, int prot, int flags, VmFile file, long pgoff) {
    long err = Mmap.checkArgsUnlocked(prot, flags, file);
    if (err != 0) {
      return err;
    }
    MmapLock.mmapWriteLock(this);
    try {
      return Mmap.doMmap(this, addr, len, prot, flags, file, pgoff);
    } finally {
      MmapLock.mmapWriteUnlock(this);
    }
  }

  /**
   * {@code munmap(2)}: unmaps [addr, addr + len), splitting VMAs at the edges; unmapping nothing is
   * not an error.
   *
   * @return 0 or a negative errno ({@code -EINVAL}: unaligned addr, zero length, out of range)
   */
  public int munmap(long addr, long len) {
    MmapLock.mmapWriteLock(this);
    // __vm_munmap(..., unlock = true): on success do_vmi_munmap released the lock (downgraded to
    // read while it cleared the page tables and freed the VMAs); on an error we still hold it.
    int ret = Mmap.doVmiMunmap(this, addr, len, true);
    if (ret != 0) {
      MmapLock.mmapWriteUnlock(this);
    }
    return ret;
  }

  /**
   * {@code mremap(2)}: resizes and/or moves the mapping at [oldAddr, oldAddr + oldLen) (lengths
   * rounded up to pages). Without flags it shrinks in place (unmapping the tail, which may cross
   * VMA boundaries) or grows in place (when the range ends its VMA and the space after it is free),
   * else fails with {@code -ENOMEM}; {@link Mman#MREMAP_MAYMOVE} lets it move the VMA when it
   * cannot grow in place; {@link Mman#MREMAP_FIXED} (with MAYMOVE) moves it to {@code newAddr},
   * unmapping what was there first (without a resize, every VMA of the range moves, gaps kept);
   * {@link Mman#MREMAP_DONTUNMAP} (with MAYMOVE, no resize) moves the pages and leaves the old
   * mapping in place, empty. Page-table entries move with the range.
   *
   * @return the new start address, or a negative errno: {@code -EINVAL} (unknown flags, unaligned
   *     addresses, zero new length, lengths or addresses past {@code TASK_SIZE}, FIXED or DONTUNMAP
   *     without MAYMOVE, DONTUNMAP with a resize, overlapping ranges, growing or moving a private
   *     mapping from a zero old length), {@code -EFAULT} (no VMA at oldAddr, a range that crosses
   *     the end of its VMA, a gap at the start of a multi-VMA move), {@code -ENOMEM} (cannot grow
   *     in place and may not move, or no room), as Linux 6.18 returns them; after a refused call
   *     the address space is unchanged
   */
  public long mremap(long oldAddr, long oldLen, long newLen, int flags, long newAddr) {
    return Mremap.doMremap(this, oldAddr, oldLen, newLen, flags, newAddr);
  }

  /**
   * {@code mprotect(2)}: sets the access of [addr, addr + len) to {@code prot}, splitting and
   * merging VMAs. Over a range with a hole, the part before the hole is changed and -ENOMEM
   * returned, as Linux does. A zero length does nothing and succeeds.
   *
   * @return 0 or a negative errno ({@code -EINVAL}, {@code -ENOMEM}, {@code -EACCES})
   */
  public int mprotect(long addr, long len, int prot) {
    int err = Mprotect.checkMprotectArgs(addr, len, prot);
    if (err != 0) {
      return err > 0 ? 0 : err;
    }
    MmapLock.mmapWriteLock(this);
    try {
      return Mprotect.doMprotect(this, addr, len, prot);
    } finally {
      MmapLock.mmapWriteUnlock(this);
    }
  }

  /**
   * {@code madvise(2)} for {@link Mman#MADV_DONTFORK} (set {@code VM_DONTCOPY}: the range is not
   * copied into fork children) and {@link Mman#MADV_DOFORK}; other advice is {@code -EINVAL}.
   * Unmapped parts of the range give {@code -ENOMEM} after the mapped parts were changed.
   */
  public int madvise(long addr, long len, int advice) {
    int err = Mprotect.checkMadviseArgs(addr, len, advice);
    if (err != 0) {
      return err > 0 ? 0 : err;
    }
    MmapLock.mmapWriteLock(this);
    try {
      return Mprotect.doMadvise(this, addr, len, advice);
    } finally {
      MmapLock.mmapWriteUnlock(this);
    }
  }

  /**
   * {@code fork(2)}'s {@code dup_mmap}: a new address space of the same Kernel with a copy of every
   * VMA (made by {@code vmAreaDup}, i.e. the Kernel's copy strategy) except {@code VM_DONTCOPY}
   * ones, {@code VM_LOCKED} cleared, and the page tables of VMAs with anonymous pages copied:
   * private writable pages are shared copy-on-write (both sides' entries become read-only; the
   * first write on either side copies the page).
   */
  public MmStruct fork() {
    MmStruct child = kernel().newMm();
    MmapLock.mmapWriteLock(this);
    try {
      MmapLock.mmapWriteLock(child);
      try {
        Mmap.dupMmap(child, this);
      } finally {
        MmapLock.mmapWriteUnlock(child);
      }
    } finally {
      MmapLock.mmapWriteUnlock(this);
    }
    return child;
  }

  /**
   * {@code exit_mmap}: unmaps everything (page tables cleared; every VMA write-locked, detached
   * while still in the tree, the tree emptied, then every VMA freed). Afterwards {@link #vmas()} is
   * empty and {@link #maps()} is "". The mm may still be used (a new mmap works).
   */
  public void exitMmap() {
    MmapLock.mmapWriteLock(this);
    try {
      Mmap.exitMmap(this);
    } finally {
      MmapLock.mmapWriteUnlock(this);
    }
  }

  /**
   * A user access to {@code addr} that faulted ({@code do_user_addr_fault}): per-VMA lock first,
   * {@code mmap_lock} when that is not possible or the fault needs it. See {@link
   * dev.copyexcept.example.mm.PageFault}.
   */
  public FaultResult handleFault(long addr, boolean write) {
    return PageFault.doUserAddrFault(this, addr, write);
  }

  /** Snapshots of the VMAs in address order (taken under {@code mmap_lock} for read). */
  public List<VmaInfo> vmas() {
    MmapLock.mmapReadLock(this);
    try {
      return vmasLocked();
    } finally {
      MmapLock.mmapReadUnlock(this);
    }
  }

  private List<VmaInfo> vmasLocked() {
    List<VmaTree.Entry<VmAreaStruct>> entries = mm_mt.entries();
    List<VmaInfo> out = new ArrayList<>(entries.size());
    for (VmaTree.Entry<VmAreaStruct> e : entries) {
      VmAreaStruct v = e.value();
      out.add(new VmaInfo(v.vm_start, v.vm_end, v.vm_flags, v.vm_pgoff, v.vm_file));
    }
    return List.copyOf(out);
  }

  /** The {@code /proc/PID/maps} text: one line per VMA in address order, "" when empty. */
  public String maps() {
    return ProcMaps.format(vmas());
  }

  /** {@code map_count}: the number of VMAs. */
  public int mapCount() {
    MmapLock.mmapReadLock(this);
    try {
      return map_count;
    } finally {
      MmapLock.mmapReadUnlock(this);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // For the fault path and tests

  /** The page tables. Who may change what, under which locks: see {@link PageTable}. */
  PageTable pageTable() {
    return pgd;
  }

  /**
   * {@code find_vma}: the first VMA ending above {@code addr}, or null. Caller holds {@code
   * mmap_lock} (read or write); the VMA stays valid until it is released.
   */
  VmAreaStruct findVma(long addr) {
    MmapLock.mmapAssertLocked(this);
    return VmaFunctions.findVma(this, addr);
  }

  /**
   * The VMA object whose tree range contains {@code addr}, or null; a lock-free, racy read meant
   * for single-threaded tests that check which object survived a merge.
   */
  VmAreaStruct vmaObjectAt(long addr) {
    return mm_mt.walk(addr);
  }

  /**
   * {@code validate_mm} plus the spec's address-space invariants, checked under {@code mmap_lock}
   * for write: tree ranges sorted and disjoint and equal to their VMAs' [vm_start, vm_end); every
   * VMA of this mm and attached; {@code map_count} equal to the number of VMAs; no page mapped
   * outside a VMA. Returns the violations found (empty when all hold). Per-VMA-lock faults may run
   * meanwhile (they only add pages inside attached VMAs); writers are excluded, including a munmap
   * in its downgraded phase (page tables of an already-erased range not yet cleared), which is why
   * the read lock is not enough.
   */
  public List<String> checkInvariants() {
    MmapLock.mmapWriteLock(this);
    try {
      List<String> bad = new ArrayList<>();
      List<VmaTree.Entry<VmAreaStruct>> entries = mm_mt.entries();
      long prevEnd = 0;
      for (VmaTree.Entry<VmAreaStruct> e : entries) {
        VmAreaStruct v = e.value();
        if (e.start() >= e.end() || e.start() < prevEnd) {
          bad.add("tree ranges overlap or are unordered at " + Long.toHexString(e.start()));
        }
        prevEnd = e.end();
        if (v.vm_start != e.start() || v.vm_end != e.end()) {
          bad.add("VMA range differs from its tree range at " + Long.toHexString(e.start()));
        }
        if (v.vm_mm != this) {
          bad.add("VMA of another mm in the tree at " + Long.toHexString(e.start()));
        }
        if (MmapLock.vmaRefcnt(v) < 1) {
          bad.add("detached VMA in the tree at " + Long.toHexString(e.start()));
        }
      }
      if (entries.size() != map_count) {
        bad.add("map_count " + map_count + " != " + entries.size() + " VMAs");
      }
      for (long addr : pgd.mappedAddresses()) {
        if (mm_mt.walk(addr) == null) {
          bad.add("page mapped outside any VMA at " + Long.toHexString(addr));
        }
      }
      return bad;
    } finally {
      MmapLock.mmapWriteUnlock(this);
    }
  }
}

package dev.copyexcept.example.mm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@code struct mm_struct}: one address space.
 *
 * <p>This class holds the state; the functions that use it follow the kernel's split: the
 * mmap/VMA lock functions are in {@link MmapLock} ({@code include/linux/mmap_lock.h},
 * {@code mm/mmap_lock.c}), {@code mmgrab}/{@code mmdrop} in {@link SchedMm}, VMA allocation in
 * {@link VmaInit}. Obtain one with {@link Kernel#newMm()}.
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
   * start at 1, as after mm_init. Plain ints behind VarHandles, changed with atomic adds.
   */

  /** The kernel (RCU domain, caches, counters, warnings) this address space belongs to. */
  final Kernel kernel;

  /** The VMAs of this address space, by range ({@code mm_mt}). */
  final VmaTree<VmAreaStruct> mm_mt = new VmaTree<>();
  /** Number of VMAs ({@code map_count}); changed under {@code mmap_lock} held for write. */
  int map_count;

  /** {@code mmap_lock}: the address-space reader/writer lock (see the notes for why this class). */
  final ReentrantReadWriteLock mmap_lock = new ReentrantReadWriteLock();
  /** {@code mm_lock_seq}: odd exactly while {@code mmap_lock} is write-held. Through MM_LOCK_SEQ. */
  int mm_lock_seq;
  /** {@code vma_writer_wait}: the VMA writer waiting for readers, or null. Through VMA_WRITER_WAIT. */
  Thread vma_writer_wait;
  /** {@code mm_count}: references to the struct ({@code mmgrab}/{@code mmdrop}). Through MM_COUNT. */
  int mm_count = 1;
  /** {@code mm_users}: users of the address space ({@code mmget}/{@code mmput}). Through MM_USERS. */
  int mm_users = 1;

  static final VarHandle MM_LOCK_SEQ;
  static final VarHandle VMA_WRITER_WAIT;
  static final VarHandle MM_COUNT;
  static final VarHandle MM_USERS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      MM_LOCK_SEQ = l.findVarHandle(MmStruct.class, "mm_lock_seq", int.class);
      VMA_WRITER_WAIT = l.findVarHandle(MmStruct.class, "vma_writer_wait", Thread.class);
      MM_COUNT = l.findVarHandle(MmStruct.class, "mm_count", int.class);
      MM_USERS = l.findVarHandle(MmStruct.class, "mm_users", int.class);
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

  /** Registers (or with null clears) the waiting writer: a volatile exchange; returns the previous waiter. */
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
}

package dev.copyexcept.example.mm;

import dev.copyexcept.CopyExcept;
import dev.copyexcept.example.slab.SlabObject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@code struct vm_area_struct}: one virtual memory area of an address space, the half-open range
 * {@code [vm_start, vm_end)} with one set of permissions and one backing object.
 *
 * <p>Fields keep their C names so that the model can be read next to {@code
 * include/linux/mm_types.h}. Objects come from the VMA slab cache and may be recycled while
 * lock-free readers still look at them; {@code vm_refcnt} is the per-VMA lock word that those
 * readers increment, so the copy routine must never overwrite it: hence
 * {@code @CopyExcept("vm_refcnt")}. Every other field, including any field added here tomorrow, is
 * copied by the generated {@code VmAreaStructCopier}.
 */
@CopyExcept("vm_refcnt")
public class VmAreaStruct extends SlabObject {
  /** First address of the area (page aligned). */
  public long vm_start;

  /** One past the last address (page aligned). */
  public long vm_end;

  /** The address space this VMA belongs to. */
  public MmStruct vm_mm;

  /**
   * Access permissions of the page-table entries ({@code pgprot_t}); here the {@code PROT_*} bits.
   */
  public long vm_page_prot;

  /** {@link VmFlags} bits; changed only with the VMA write-locked. */
  public long vm_flags;

  /**
   * The {@code mm_lock_seq} value of the mmap write session that write-locked this VMA; equal to
   * the mm's current sequence exactly while the VMA is write-locked. Accessed through a VarHandle.
   */
  int vm_lock_seq;

  /**
   * The per-VMA reference count and lock word: 0 detached, 1 attached, 1 + n with n readers, plus
   * {@code VMA_LOCK_OFFSET} while a writer waits. Never copied. Accessed through a VarHandle.
   */
  int vm_refcnt;

  /** The {@code anon_vma}s this VMA's anonymous pages may belong to ({@code anon_vma_chain}). */
  AnonVmaChain anon_vma_chain;

  /**
   * The reverse-map root of this VMA's anonymous pages, or null until its first anonymous fault.
   */
  AnonVma anon_vma;

  /** Hooks of the mapping's driver or file system ({@code vm_operations_struct}), or null. */
  VmOperationsStruct vm_ops;

  /**
   * Offset in pages: into {@link #vm_file}, or for an anonymous private mapping {@code vm_start >>
   * PAGE_SHIFT}.
   */
  public long vm_pgoff;

  /** The mapped file, or null for an anonymous mapping. */
  public VmFile vm_file;

  /** Driver-private data. */
  public Object vm_private_data;

  /**
   * The VMA cache's {@code freeptr_offset}: in Linux 6.15+ {@code vm_freeptr} shares a union with
   * {@code {vm_start, vm_end}} ({@code include/linux/mm_types.h}), so {@code kmem_cache_free}
   * writes SLUB's free pointer over {@code vm_start}. That is safe only because every lock-free
   * reader re-checks the range after taking its reference ({@code lock_vma_under_rcu}); the model
   * writes the pointer there too, so a reader that trusted a freed object's range would see
   * garbage.
   */
  @Override
  protected void slabSetFreePointer(long encoded) {
    vm_start = encoded; // vm_freeptr
  }

  // ---------------------------------------------------------------------------------------------
  // The lock words. Their meaning, the states of vm_refcnt and which access pairs with which are
  // described once, in MmapLock's implementation notes and its constant table; these accessors
  // only name the access mode (READ_ONCE = opaque, smp_load_acquire = acquire, ...). The two
  // VarHandles are private and declared here only; every concurrent access to vm_refcnt and
  // vm_lock_seq goes through one of these accessors, each named after its field (with the kernel's
  // vm_ prefix) and its access mode. The only plain accesses are the copies, which copy the words
  // as memcpy does (the generated VmAreaStructCopier copies vm_lock_seq; VmaInit.memcpyVma, the
  // pre-fix copy, copies both), and single-threaded set-up in tests.
  // ---------------------------------------------------------------------------------------------

  private static final VarHandle VM_REFCNT;
  private static final VarHandle VM_LOCK_SEQ;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      VM_REFCNT = l.findVarHandle(VmAreaStruct.class, "vm_refcnt", int.class);
      VM_LOCK_SEQ = l.findVarHandle(VmAreaStruct.class, "vm_lock_seq", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** {@code refcount_read(&vma->vm_refcnt)}: READ_ONCE, no ordering. */
  final int vmRefcntOpaque() {
    return (int) VM_REFCNT.getOpaque(this);
  }

  /** A volatile read of vm_refcnt (the rcuwait condition; see MmapLock.rcuwaitWaitEvent). */
  final int vmRefcntVolatile() {
    return (int) VM_REFCNT.getVolatile(this);
  }

  /**
   * {@code atomic_try_cmpxchg_acquire} on vm_refcnt: the witness value (== expected on success).
   */
  final int caeVmRefcntAcquire(int expected, int update) {
    return (int) VM_REFCNT.compareAndExchangeAcquire(this, expected, update);
  }

  /**
   * {@code atomic_try_cmpxchg_relaxed} on vm_refcnt, done as a volatile CAS (stronger): the witness
   * value.
   */
  final int caeVmRefcnt(int expected, int update) {
    return (int) VM_REFCNT.compareAndExchange(this, expected, update);
  }

  /** {@code atomic_fetch_sub_release} on vm_refcnt (with a negative delta): the old value. */
  final int getAndAddVmRefcntRelease(int delta) {
    return (int) VM_REFCNT.getAndAddRelease(this, delta);
  }

  /** {@code refcount_set_release(&vma->vm_refcnt, value)}. */
  final void setVmRefcntRelease(int value) {
    VM_REFCNT.setRelease(this, value);
  }

  /** {@code refcount_set(&vma->vm_refcnt, value)}: WRITE_ONCE, no ordering. */
  final void setVmRefcntOpaque(int value) {
    VM_REFCNT.setOpaque(this, value);
  }

  /** READ_ONCE(vma->vm_lock_seq). */
  final int vmLockSeqOpaque() {
    return (int) VM_LOCK_SEQ.getOpaque(this);
  }

  /** WRITE_ONCE(vma->vm_lock_seq, seq). */
  final void setVmLockSeqOpaque(int seq) {
    VM_LOCK_SEQ.setOpaque(this, seq);
  }
}

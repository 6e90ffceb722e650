package dev.copyexcept.example.mm;

import dev.copyexcept.CopyExcept;

/**
 * {@code struct vm_area_struct}: one virtual memory area of an address space, the half-open
 * range {@code [vm_start, vm_end)} with one set of permissions and one backing object.
 *
 * <p>Fields keep their C names so that the model can be read next to {@code include/linux/mm_types.h}.
 * Objects come from the VMA slab cache and may be recycled while lock-free readers still look at
 * them; {@code vm_refcnt} is the per-VMA lock word that those readers increment, so the copy
 * routine must never overwrite it: hence {@code @CopyExcept("vm_refcnt")}. Every other field,
 * including any field added here tomorrow, is copied by the generated {@code VmAreaStructCopier}.
 */
@CopyExcept("vm_refcnt")
public class VmAreaStruct {
  /** First address of the area (page aligned). */
  public long vm_start;
  /** One past the last address (page aligned). */
  public long vm_end;
  /** The address space this VMA belongs to. */
  public MmStruct vm_mm;
  /** Access permissions of the page-table entries ({@code pgprot_t}); here the {@code PROT_*} bits. */
  public long vm_page_prot;
  /** {@link VmFlags} bits; changed only with the VMA write-locked. */
  public long vm_flags;
  /**
   * The {@code mm_lock_seq} value of the mmap write session that write-locked this VMA; equal to
   * the mm's current sequence exactly while the VMA is write-locked. Accessed through a VarHandle.
   */
  int vm_lock_seq;
  /**
   * The per-VMA reference count and lock word: 0 detached, 1 attached, 1 + n with n readers,
   * plus {@code VMA_LOCK_OFFSET} while a writer waits. Never copied. Accessed through a VarHandle.
   */
  int vm_refcnt;
  /** The {@code anon_vma}s this VMA's anonymous pages may belong to ({@code anon_vma_chain}). */
  public AnonVmaChain anon_vma_chain;
  /** The reverse-map root of this VMA's anonymous pages, or null until its first anonymous fault. */
  public AnonVma anon_vma;
  /** Hooks of the mapping's driver or file system ({@code vm_operations_struct}), or null. */
  public VmOperationsStruct vm_ops;
  /** Offset in pages: into {@link #vm_file}, or for an anonymous private mapping {@code vm_start >> PAGE_SHIFT}. */
  public long vm_pgoff;
  /** The mapped file, or null for an anonymous mapping. */
  public VmFile vm_file;
  /** Driver-private data. */
  public Object vm_private_data;
}

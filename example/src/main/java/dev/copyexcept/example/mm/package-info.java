/**
 * The model of Linux's memory-management core: the public facade ({@link
 * dev.copyexcept.example.mm.Kernel}, {@link dev.copyexcept.example.mm.MmStruct}, {@link
 * dev.copyexcept.example.mm.VmaInfo}, {@link dev.copyexcept.example.mm.FaultResult}, {@link
 * dev.copyexcept.example.mm.Mman}, {@link dev.copyexcept.example.mm.VmFlags}, {@link
 * dev.copyexcept.example.mm.Errno}), {@code vm_area_struct} with {@code @CopyExcept("vm_refcnt")},
 * the per-VMA lock and {@code mmap_lock} ({@link dev.copyexcept.example.mm.MmapLock}), VMA
 * allocation and copy ({@link dev.copyexcept.example.mm.VmaInit}), the RCU-safe VMA tree, and the
 * address space: {@code mmap}, {@code munmap}, {@code mprotect}, {@code madvise}, {@code fork},
 * {@code exit_mmap} with the kernel's split and merge rules ({@code Mmap}, {@code Vma},
 * {@code Mprotect}, {@link dev.copyexcept.example.mm.Rmap}), page tables ({@link
 * dev.copyexcept.example.mm.PageTable}) and {@code /proc/PID/maps} ({@code ProcMaps}). Class and
 * field names follow the kernel's so the model can be read next to {@code mm/}.
 */
package dev.copyexcept.example.mm;

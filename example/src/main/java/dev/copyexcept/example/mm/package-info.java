/**
 * The model of Linux's memory descriptors and their locks: {@link dev.copyexcept.example.mm.Kernel}
 * (the facade: RCU domain, VMA cache, counters, warnings), {@link
 * dev.copyexcept.example.mm.MmStruct} and {@link dev.copyexcept.example.mm.VmAreaStruct} (kernel
 * field names), the mmap and per-VMA locks of Linux 6.15+ in {@link
 * dev.copyexcept.example.mm.MmapLock} ({@code mm/mmap_lock.c}), VMA allocation and copying in
 * {@link dev.copyexcept.example.mm.VmaInit} ({@code mm/vma_init.c}), and the address-space
 * operations built on them: {@code mmap}, {@code munmap}, {@code mprotect}, {@code madvise}, {@code
 * fork}, {@code exit_mmap} with the kernel's split and merge rules ({@code Mmap}: {@code
 * mm/mmap.c}; {@code Vma}: {@code mm/vma.c}; {@code Mprotect}; {@link
 * dev.copyexcept.example.mm.Rmap}: {@code mm/rmap.c}), the RCU-safe VMA tree ({@link
 * dev.copyexcept.example.mm.VmaTree}), page tables ({@link dev.copyexcept.example.mm.PageTable})
 * and {@code /proc/PID/maps} ({@code ProcMaps}: {@code fs/proc/task_mmu.c}). Functions keep the
 * kernel's names in camelCase so that the model can be read next to {@code mm/}.
 */
package dev.copyexcept.example.mm;

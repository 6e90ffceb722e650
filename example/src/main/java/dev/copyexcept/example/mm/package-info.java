/**
 * The model of Linux's memory descriptors, their locks and the fault path, and the public facade:
 * {@link dev.copyexcept.example.mm.Kernel} (the composition root: it owns the RCU domain, the VMA
 * cache, the counters and the warnings), {@link dev.copyexcept.example.mm.MmStruct} and {@link
 * dev.copyexcept.example.mm.VmAreaStruct} (kernel field names), the mmap and per-VMA locks of Linux
 * 6.15+ in {@code MmapLock} ({@code mm/mmap_lock.c}), VMA allocation and copying in {@code VmaInit}
 * ({@code mm/vma_init.c}), and the address-space operations built on them: {@code mmap}, {@code
 * munmap}, {@code mprotect}, {@code madvise}, {@code mremap}, {@code fork}, {@code exit_mmap} with
 * the kernel's split and merge rules ({@code Mmap}: {@code mm/mmap.c}; {@code Mremap}: {@code
 * mm/mremap.c}; {@code VmaFunctions}: the static functions of {@code mm/vma.c}, including {@code
 * copy_vma}, {@code vma_merge_extend} and {@code expand_downwards}; {@code Mprotect}: {@code
 * mm/mprotect.c}; {@code Rmap}: {@code mm/rmap.c}), the lifetime of an mm ({@code SchedMm}: {@code
 * mmget}/{@code mmput}, {@code mmgrab}/{@code mmdrop}), page tables ({@code PageTable}, {@code
 * Page}), {@code /proc/PID/maps} ({@code ProcMaps}: {@code fs/proc/task_mmu.c}) and the page-fault
 * path ({@code PageFault}: {@code arch/x86/mm/fault.c}, the per-VMA lock first and {@code
 * mmap_lock} as the fallback, where a stack grows; {@code Memory}: {@code mm/memory.c}, anonymous,
 * file, shared and copy-on-write faults). Functions keep the kernel's names in camelCase so that
 * the model can be read next to {@code mm/}.
 *
 * <p>Dependencies: {@code mm} uses {@code tree}, {@code slab}, {@code rcu} and {@code debug}; none
 * of them uses {@code mm}. The fault path lives here (not in a package of its own) because it is
 * {@code mm/memory.c} and {@link dev.copyexcept.example.mm.MmStruct#handleFault} is on the facade:
 * in its own package it made a cycle with {@code mm}.
 */
package dev.copyexcept.example.mm;

/**
 * The model of Linux's memory descriptors and their locks: {@link dev.copyexcept.example.mm.Kernel}
 * (the facade: RCU domain, VMA cache, counters, warnings), {@link dev.copyexcept.example.mm.MmStruct}
 * and {@link dev.copyexcept.example.mm.VmAreaStruct} (kernel field names), the mmap and per-VMA
 * locks of Linux 6.15+ in {@link dev.copyexcept.example.mm.MmapLock} ({@code mm/mmap_lock.c}),
 * VMA allocation and copying in {@link dev.copyexcept.example.mm.VmaInit} ({@code mm/vma_init.c}),
 * and the address-space operations built on them. Functions keep the kernel's names in camelCase
 * so that the model can be read next to {@code mm/}.
 */
package dev.copyexcept.example.mm;

/**
 * The page-fault path: {@link dev.copyexcept.example.fault.PageFault#doUserAddrFault} (the model of
 * {@code arch/x86/mm/fault.c}: the per-VMA lock first, {@code mmap_lock} as the fallback) and the
 * generic handler it calls ({@code mm/memory.c}: anonymous, file, shared and copy-on-write faults).
 * {@link dev.copyexcept.example.mm.MmStruct#handleFault} delegates here.
 */
package dev.copyexcept.example.fault;

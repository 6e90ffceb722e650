/**
 * A model of the SLUB slab allocator for one class of objects ({@link
 * dev.copyexcept.example.slab.KmemCache}), with the kernel's two ways of making freed objects safe
 * for lock-free RCU readers: {@code SLAB_TYPESAFE_BY_RCU} (objects are reused at once, slab pages
 * are released only after a grace period) and per-object {@code call_rcu} frees.
 *
 * <p>Reclamation is explicit: an object whose slab page is released is poisoned, and a reader's
 * access to it is a detected, counted use-after-free. See the implementation notes at the top of
 * {@link dev.copyexcept.example.slab.KmemCache}.
 *
 * <p>Dependencies: {@code rcu} and {@code debug} only; never {@code mm}, {@code tree} or {@code
 * demo}. {@link dev.copyexcept.example.slab.SlabMode} and {@link
 * dev.copyexcept.example.slab.SlabInfo} are part of the model's public facade and live here.
 */
package dev.copyexcept.example.slab;

/**
 * {@link dev.copyexcept.example.tree.VmaTree}, the RCU-safe range index of an address space (the
 * model's {@code mm->mm_mt}): copy-on-write snapshots published with a release store, lock-free
 * O(log n) lookups. It is generic in its value type and depends on nothing else of the example
 * (only {@code java.base}), so its jcstress test and its unit tests use it on its own.
 */
package dev.copyexcept.example.tree;

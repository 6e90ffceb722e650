/**
 * Debugging aids that the model shares with the kernel: counted, once-per-site warnings ({@code
 * WARN_ONCE}, {@code refcount_t} saturation, {@code mmap_assert_*}) and the named interleaving
 * points through which tests hold one thread while another runs.
 *
 * <p>The bottom of the example's package graph: it uses no other package of the example, and every
 * other package may use it ({@code rcu} and {@code slab} report to a {@link
 * dev.copyexcept.example.debug.Warnings} sink handed to them by {@code mm.Kernel}).
 */
package dev.copyexcept.example.debug;

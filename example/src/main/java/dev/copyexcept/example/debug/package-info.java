/**
 * Debugging aids that the model shares with the kernel: counted, once-per-site warnings ({@code
 * WARN_ONCE}, {@code refcount_t} saturation, {@code mmap_assert_*}) and the named interleaving
 * points through which tests hold one thread while another runs.
 */
package dev.copyexcept.example.debug;

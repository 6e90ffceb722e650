/**
 * The demo a person can run and watch: {@link dev.copyexcept.example.demo.VmaDemo} runs a
 * multi-threaded fault/mmap/munmap/mprotect/fork workload over the matrix {TYPESAFE_BY_RCU,
 * CALL_RCU} x {COPY_EXCEPT, MEMCPY_THEN_RESET}, prints a live table, and ends with a summary
 * showing that only the memcpy copy on the type-safe cache loses references.
 *
 * <p>The top of the example's package graph: it drives the model only through the public facade
 * ({@code mm.Kernel}, {@code mm.MmStruct}, ...), and nothing depends on it.
 */
package dev.copyexcept.example.demo;

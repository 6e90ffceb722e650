/**
 * Drivers that measure the example model as a whole and write JMH-format JSON: the fault path with
 * per-VMA locks against {@code mmap_lock} only ({@link
 * dev.copyexcept.benchmarks.model.FaultScaling}) and the VMA cache's slab modes under churn ({@link
 * dev.copyexcept.benchmarks.model.SlabChurn}).
 */
package dev.copyexcept.benchmarks.model;

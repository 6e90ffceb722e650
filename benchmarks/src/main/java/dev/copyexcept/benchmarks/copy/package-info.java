/**
 * The generated copier against a hand-written copy, MapStruct, Spring's {@code BeanUtils}, {@code
 * clone()}, reflection, {@code VarHandle}s and composed {@code MethodHandle}s, and the
 * embedded-struct copy against its hand-written twin ({@link
 * dev.copyexcept.benchmarks.copy.CopyBenchmark}).
 */
package dev.copyexcept.benchmarks.copy;

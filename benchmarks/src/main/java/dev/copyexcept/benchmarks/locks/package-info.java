/**
 * The example's read side against the JDK's locks: the RCU read section and the per-VMA read lock
 * against {@code ReentrantReadWriteLock} and {@code StampedLock} on the same lookup ({@link
 * dev.copyexcept.benchmarks.locks.ReadLockBenchmark}), and the single-thread costs of the read path
 * ({@link dev.copyexcept.benchmarks.locks.ReadPathBenchmark}).
 */
package dev.copyexcept.benchmarks.locks;

/**
 * Differential testing of the example's address-space model against the Linux kernel this JVM runs
 * on: {@link dev.copyexcept.kdiff.KernelDiff} reserves a window of the JVM's own address space
 * ({@link dev.copyexcept.kdiff.Window}), gives the model the same reservation, runs seeded
 * boundary-heavy call sequences ({@link dev.copyexcept.kdiff.Generator}) on both through the FFM
 * API ({@link dev.copyexcept.kdiff.Libc}), compares after every call ({@link
 * dev.copyexcept.kdiff.Runner}), and shrinks a divergence ({@link dev.copyexcept.kdiff.Shrinker})
 * into a JUnit scenario of the model ({@link dev.copyexcept.kdiff.ScenarioPrinter}).
 */
package dev.copyexcept.kdiff;

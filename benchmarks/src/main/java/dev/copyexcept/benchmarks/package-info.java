/**
 * JMH benchmarks: the generated copier against a hand-written and a reflective copy, and the
 * example's read side (RCU read section, interleaving point without a hook, per-VMA read lock,
 * fault fast path). Built only with {@code -Pbench}; see the README.
 */
package dev.copyexcept.benchmarks;

/**
 * The compile-cost measurement: javac wall time over N annotated classes with and without the
 * copy-except processor, against the floor of compiling its output and against MapStruct ({@link
 * dev.copyexcept.benchmarks.compile.CompileCost}; run it with benchmarks/compile-cost.sh).
 */
package dev.copyexcept.benchmarks.compile;

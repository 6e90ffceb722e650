/**
 * Behaviour tests: compile sources with the processor (compile-testing), load the annotated classes
 * and the generated copiers in an in-memory class loader ({@link
 * dev.copyexcept.processor.CopierHarness}), run {@code copy(src, dest)} reflectively and check
 * every field against the contract in {@code shared/spec/copy-except.md}. Rounds, determinism and
 * the failure policy are tested beside the harness, in {@code dev.copyexcept.processor}.
 *
 * <ul>
 *   <li>{@code FieldKinds…}, {@code Hierarchy…}, {@code CopyArguments…}, {@code EdgeCases…}, {@code
 *       NamesAndTypes…}, {@code SeparateCompilation…}: one rule each, with distinct non-default
 *       values on both sides, so that a field that is not copied, or an excluded field that is
 *       overwritten, shows.
 *   <li>{@code NewFieldsIncludedTest}: a field added to a class is copied with no other change.
 *   <li>{@code RandomShapesTest}: 208 seeded random hierarchies a run, checked against an oracle
 *       ({@code ShapeOracle}) computed from the generator's own model ({@code Shape}), never from
 *       the processor. Re-run one seed with {@code mvn -pl annotations,processor test
 *       -Dtest=RandomShapesTest -Dcopyexcept.seed=N} (and {@code -Dcopyexcept.count=K} for
 *       N..N+K-1, which is also how to explore beyond the fixed seeds).
 *   <li>{@code BadInputNoCrashTest}: broken input gives diagnostics, never an exception, and good
 *       classes alongside still get copiers; {@code dev.copyexcept.processor.RecordingProcessor}
 *       wraps the processor to see what it writes when compile-testing hides a failed compilation's
 *       files.
 *   <li>{@code GeneratedCodeLintTest}: the generated code is free of {@code -Xlint:all} warnings;
 *       {@code NoAllocationBehaviourTest}: a successful copy allocates nothing.
 * </ul>
 */
package dev.copyexcept.processor.behaviour;

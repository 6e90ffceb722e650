/**
 * The {@code @CopyExcept} annotation processor: for every annotated class {@code p.Foo} it writes
 * {@code p.FooCopier}, whose {@code copy(src, dest)} copies every instance field except the
 * excluded ones.
 *
 * <p>{@link dev.copyexcept.processor.CopyExceptProcessor} only orchestrates the steps, each in its
 * own package: {@code scan} reads a class into facts, {@code validate} judges them into a report of
 * every problem and builds the immutable {@code model} of a clean class only, {@code codegen}
 * writes the model, {@code diag} holds every message text and prints reports, and {@code util}
 * holds the helpers they share.
 *
 * <h2>Failure policy</h2>
 *
 * <ul>
 *   <li><b>Every problem of a class is reported</b> before the class is given up: a misspelt name,
 *       a final field and an inaccessible field in one class give three errors.
 *   <li><b>Classes are given up one at a time.</b> A class with an error gets no copier; every
 *       other class still gets its own. Warnings never prevent generation.
 *   <li><b>Deferral.</b> A class whose superclass or field types are not resolved yet (error types,
 *       typically types another processor generates in this round) is retried in the next round, by
 *       name. A class still unresolved when processing is over gets one error naming the missing
 *       types ({@code [CopyExcept.unresolvedType]}).
 *   <li><b>The processor never throws.</b> An unexpected exception while handling a class becomes
 *       exactly one error on that class, naming it, carrying the stack trace and asking for a bug
 *       report ({@code [CopyExcept.internalError]}); the other classes are still processed.
 * </ul>
 *
 * <p>The processor supports no options.
 */
package dev.copyexcept.processor;

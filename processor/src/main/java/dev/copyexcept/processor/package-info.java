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
 *
 * <h2>Public API</h2>
 *
 * <p>Users and build tools need exactly one type, {@link
 * dev.copyexcept.processor.CopyExceptProcessor}, found through its service entry (or named with
 * {@code -processor}). The step types are public only so that the steps can live in their own
 * packages; they are not API. Two things keep them so:
 *
 * <ul>
 *   <li><b>A module descriptor</b> ({@code src/main/module/module-info.java}) that {@code provides
 *       javax.annotation.processing.Processor} and exports nothing, so on {@code
 *       --processor-module-path} no type of the jar is visible, the relocated JavaPoet included. It
 *       {@code requires} only {@code java.compiler}: a {@code requires com.palantir.javapoet} would
 *       name a module that relocation removed from the jar, and the module would fail to resolve.
 *       It is compiled against the finished classes and added to the shaded jar only, so the build
 *       and the tests stay on the class path, where {@code javac -processorpath} ignores it. Chosen
 *       over package-private types because those would force every step into one package.
 *   <li><b>Architecture rules</b> ({@code ProcessorArchitectureTest}, ArchUnit): the steps depend
 *       one way (the entry point uses every step and no step uses it; validation uses scan, model,
 *       diag; scan only util; code generation only the model and util; model, diag and util
 *       nothing), code generation never uses scan or validate, no package cycle, and the entry
 *       package's only public type is the processor.
 * </ul>
 */
package dev.copyexcept.processor;

/**
 * The processor as a named module: it exports nothing and only provides the processor, so on the
 * processor module path nothing of it (its steps, or the JavaPoet relocated into it) is visible to
 * anyone. It names no {@code requires} on JavaPoet: JavaPoet is relocated into this jar
 * ({@code dev.copyexcept.processor.shaded.javapoet}), so its packages are part of this module.
 *
 * <p>This file is compiled after the classes (see {@code processor/pom.xml}, execution {@code
 * module-descriptor}) and added to the shaded jar only, never to {@code target/classes}: the build
 * and the tests keep using the class path, and {@code javac -processorpath} ignores the
 * descriptor.
 */
module dev.copyexcept.processor {
  requires java.compiler;

  provides javax.annotation.processing.Processor with
      dev.copyexcept.processor.CopyExceptProcessor;
}

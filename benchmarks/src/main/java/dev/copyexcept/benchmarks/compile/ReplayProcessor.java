package dev.copyexcept.benchmarks.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The floor of any annotation processor that writes the copiers: for each class annotated with
 * {@code @CopyExcept}, writes the copier source that the real processor wrote earlier (read from
 * {@code -Areplay.dir=DIR}) through the {@code Filer}, with no analysis at all. What it costs over
 * compiling those sources without a processor is javac's own price for annotation processing:
 * processor discovery, and the extra rounds, each of which enters every compilation unit again.
 *
 * <p>Run explicitly: {@code javac -processorpath benchmarks.jar -processor
 * dev.copyexcept.benchmarks.compile.ReplayProcessor -Areplay.dir=DIR ...}.
 */
public final class ReplayProcessor extends AbstractProcessor {
  private static final String ANNOTATION = "dev.copyexcept.CopyExcept";
  private static final String OPTION = "replay.dir";

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATION);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
    if (annotation == null) {
      return false;
    }
    Path dir = Path.of(processingEnv.getOptions().get(OPTION));
    for (Element e : roundEnv.getElementsAnnotatedWith(annotation)) {
      TypeElement type = (TypeElement) e;
      // Top-level classes in a named package only, which is what SourceSet generates.
      String qualified = type.getQualifiedName() + "Copier";
      Path source = dir.resolve(qualified.replace('.', '/') + ".java");
      try (Writer w = processingEnv.getFiler().createSourceFile(qualified, type).openWriter()) {
        w.write(Files.readString(source));
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return false;
  }
}

package dev.copyexcept.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * A test processor that writes fixed source files in the first round, as a code generator the user
 * runs beside {@code @CopyExcept} would: types that exist only from round 2 on (deferral tests), or
 * a type that takes the copier's name before the copier is written.
 */
public final class FirstRoundSources extends AbstractProcessor {
  private final Map<String, String> sources;
  private boolean done;

  /** Writes {@code code} as the source of the type {@code qualifiedName}. */
  public static FirstRoundSources of(String qualifiedName, String code) {
    return new FirstRoundSources(Map.of(qualifiedName, code));
  }

  /** Writes each entry (qualified type name to source), in iteration order. */
  public FirstRoundSources(Map<String, String> sources) {
    this.sources = new LinkedHashMap<>(sources);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    if (done) {
      return false;
    }
    done = true;
    sources.forEach(
        (name, code) -> {
          try (Writer writer = processingEnv.getFiler().createSourceFile(name).openWriter()) {
            writer.write(code);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return false;
  }
}

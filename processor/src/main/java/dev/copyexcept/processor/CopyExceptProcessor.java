package dev.copyexcept.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.copyexcept.CopyExcept;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/** BOOTSTRAP ONLY: a minimal processor so the example can compile; to be replaced by the real one. */
@AutoService(Processor.class)
public final class CopyExceptProcessor extends AbstractProcessor {
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(CopyExcept.class.getCanonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    for (Element e : roundEnv.getElementsAnnotatedWith(CopyExcept.class)) {
      TypeElement type = (TypeElement) e;
      try {
        write(type);
      } catch (IOException ex) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, ex.toString(), type);
      }
    }
    return false;
  }

  private void write(TypeElement type) throws IOException {
    Set<String> excluded = new HashSet<>();
    MethodSpec.Builder copy = MethodSpec.methodBuilder("copy")
        .addModifiers(Modifier.STATIC)
        .addParameter(ClassName.get(type), "src")
        .addParameter(ClassName.get(type), "dest");
    for (TypeElement t = type; t != null; t = superOf(t)) {
      CopyExcept ann = t.getAnnotation(CopyExcept.class);
      if (ann != null) {
        excluded.addAll(Arrays.asList(ann.value()));
      }
    }
    for (TypeElement t = type; t != null; t = superOf(t)) {
      for (VariableElement f : ElementFilter.fieldsIn(t.getEnclosedElements())) {
        if (f.getModifiers().contains(Modifier.STATIC) || excluded.contains(f.getSimpleName().toString())) {
          continue;
        }
        copy.addStatement("dest.$N = src.$N", f.getSimpleName().toString(), f.getSimpleName().toString());
      }
    }
    String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
    TypeSpec copier = TypeSpec.classBuilder(type.getSimpleName() + "Copier")
        .addModifiers(Modifier.FINAL)
        .addMethod(copy.build())
        .addOriginatingElement(type)
        .build();
    JavaFile.builder(pkg, copier).build().writeTo(processingEnv.getFiler());
  }

  private TypeElement superOf(TypeElement t) {
    TypeMirror s = t.getSuperclass();
    if (s.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement st = (TypeElement) ((DeclaredType) s).asElement();
    return st.getQualifiedName().contentEquals("java.lang.Object") || st.getKind() != ElementKind.CLASS ? null : st;
  }
}

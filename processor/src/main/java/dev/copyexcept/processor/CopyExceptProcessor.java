package dev.copyexcept.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import dev.copyexcept.processor.codegen.CopierWriter;
import dev.copyexcept.processor.diag.Message;
import dev.copyexcept.processor.diag.Reporter;
import dev.copyexcept.processor.model.CopierModel;
import dev.copyexcept.processor.scan.ScannedType;
import dev.copyexcept.processor.scan.TypeScanner;
import dev.copyexcept.processor.validate.CopierNames;
import dev.copyexcept.processor.validate.ModelFactory;
import dev.copyexcept.processor.validate.ValidationReport;
import dev.copyexcept.processor.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Writes a {@code FooCopier} for every class {@code Foo} annotated with {@code @CopyExcept}.
 *
 * <p>For each annotated class: check its declaration, scan it, validate the scan into a {@link
 * ValidationReport} of every problem, print the report, and only when it is clean build the model
 * and generate the copier. The failure policy is in the package documentation.
 */
@AutoService(Processor.class)
public final class CopyExceptProcessor extends AbstractProcessor {
  private final Consumer<TypeElement> beforeEachClass;

  private Elements elements;
  private Reporter reporter;
  private TypeScanner scanner;
  private Validator validator;
  private ModelFactory models;
  private CopierWriter writer;
  private final CopierNames copierNames = new CopierNames();

  /** Qualified names of classes waiting for unresolved types, in the order they were met. */
  private final Set<String> deferred = new LinkedHashSet<>();

  /** The processor, as the compiler's service loader creates it. */
  public CopyExceptProcessor() {
    this(type -> {});
  }

  /**
   * A processor that calls {@code beforeEachClass} before handling each annotated class; tests use
   * it to inject a failure and check the failure policy.
   */
  CopyExceptProcessor(Consumer<TypeElement> beforeEachClass) {
    this.beforeEachClass = beforeEachClass;
  }

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    elements = processingEnv.getElementUtils();
    reporter = new Reporter(processingEnv.getMessager());
    scanner = new TypeScanner(elements, processingEnv.getTypeUtils());
    validator = new Validator(scanner, copierNames);
    models = new ModelFactory(copierNames);
    // Only a target release that has javax.annotation.processing.Generated (9+) gets it.
    writer =
        new CopierWriter(
            Optional.ofNullable(elements.getTypeElement("javax.annotation.processing.Generated"))
                .map(ClassName::get));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(TypeScanner.ANNOTATION_NAME);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    copierNames.addRootElements(roundEnv.getRootElements());
    scanner.startRound();
    // A set: a List's contains() made collecting N annotated classes quadratic.
    Set<TypeElement> work = new LinkedHashSet<>();
    for (String name : deferred) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        work.add(type);
      }
    }
    deferred.clear();
    TypeElement annotation = elements.getTypeElement(TypeScanner.ANNOTATION_NAME);
    if (annotation != null) {
      for (Element element : roundEnv.getElementsAnnotatedWith(annotation)) {
        if (element instanceof TypeElement type) {
          work.add(type);
        }
      }
    }
    for (TypeElement type : work) {
      if (roundEnv.processingOver()) {
        reportUnresolved(type);
      } else {
        processClass(type);
      }
    }
    return false;
  }

  /** Handles one class; never throws. */
  private void processClass(TypeElement type) {
    try {
      beforeEachClass.accept(type);
      AnnotationMirror annotation = TypeScanner.annotationOf(type).orElseThrow();
      ValidationReport declaration = validator.checkDeclaration(type, annotation);
      reporter.print(declaration.problems());
      if (!declaration.isClean()) {
        return;
      }
      ScannedType scan = scanner.scan(type);
      if (!scan.unresolved().isEmpty()) {
        deferred.add(type.getQualifiedName().toString());
        return;
      }
      ValidationReport report = validator.validate(scan);
      reporter.print(report.problems());
      if (!report.isClean()) {
        return;
      }
      CopierModel model = models.create(scan, report);
      try {
        writer.write(model, processingEnv.getFiler());
      } catch (IOException e) {
        reporter.report(
            type,
            Message.WRITE_FAILED,
            model.copier().canonicalName(),
            type.getQualifiedName(),
            e.getMessage());
      }
    } catch (RuntimeException | Error e) {
      reportInternalError(type, e);
    }
  }

  /** In the last round: the class still waits for types that will never come. */
  private void reportUnresolved(TypeElement type) {
    try {
      reporter.report(
          type,
          Message.UNRESOLVED_TYPE,
          type.getQualifiedName(),
          String.join(", ", scanner.scan(type).unresolved()));
    } catch (RuntimeException | Error e) {
      reportInternalError(type, e);
    }
  }

  /** The policy: one error naming the class, with the stack trace; never rethrow. */
  private void reportInternalError(TypeElement type, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    reporter.report(type, Message.INTERNAL_ERROR, type.getQualifiedName(), trace);
  }
}

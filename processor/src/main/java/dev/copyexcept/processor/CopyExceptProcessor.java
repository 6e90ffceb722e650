package dev.copyexcept.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.copyexcept.processor.codegen.CopierWriter;
import dev.copyexcept.processor.diag.Message;
import dev.copyexcept.processor.diag.Reporter;
import dev.copyexcept.processor.model.CopierModel;
import dev.copyexcept.processor.scan.ScannedField;
import dev.copyexcept.processor.scan.ScannedType;
import dev.copyexcept.processor.scan.TypeScanner;
import dev.copyexcept.processor.util.TypeElements;
import dev.copyexcept.processor.validate.CopierNames;
import dev.copyexcept.processor.validate.ModelFactory;
import dev.copyexcept.processor.validate.StructCopiers;
import dev.copyexcept.processor.validate.ValidationReport;
import dev.copyexcept.processor.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;

/**
 * Writes a {@code FooCopier} for every class {@code Foo} annotated with {@code @CopyExcept}.
 *
 * <p>For each annotated class: check its declaration, scan it, validate the scan into a {@link
 * ValidationReport} of every problem, print the report, and only when it is clean build the model
 * and generate the copier. The failure policy is in the package documentation.
 */
@AutoService(Processor.class)
public final class CopyExceptProcessor extends AbstractProcessor {
  private static final String GENERATED_NAME = "javax.annotation.processing.Generated";

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

  /** Qualified names of the copiers written so far. */
  private final Set<String> written = new HashSet<>();

  /** The deferred classes that wait for accessors from Lombok, not for missing types. */
  private final Set<String> awaitingLombok = new LinkedHashSet<>();

  /** What became of each annotated class handled so far; looked up, never iterated. */
  private final Map<String, Verdict> verdicts = new HashMap<>();

  /**
   * Classes deferred only because a struct they embed was deferred, with that struct's name: they
   * have no unresolved type of their own to name when processing ends.
   */
  private final Map<String, String> waitingForStruct = new HashMap<>();

  /**
   * The classes of the current round not handled yet; a class is handled after its dependencies.
   */
  private final Set<TypeElement> pending = new LinkedHashSet<>();

  private Optional<Trees> trees = Optional.empty();

  /** What became of an annotated class. */
  private enum Verdict {
    /** Being handled (its dependencies first): a struct cycle, which validation reports. */
    IN_PROGRESS,
    /** Waiting for types of a later round. */
    DEFERRED,
    /** It has errors: no copier. */
    FAILED,
    /** Its copier was written. */
    GENERATED
  }

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
    try {
      trees = Optional.of(Trees.instance(processingEnv));
    } catch (IllegalArgumentException | LinkageError e) {
      // Not javac, a wrapped environment, or jdk.compiler not readable: diagnostics go on
      // elements, and no class is taken to be auxiliary (there is no javac lint to avoid).
      trees = Optional.empty();
    }
    reporter = new Reporter(processingEnv.getMessager(), trees);
    scanner = new TypeScanner(elements, processingEnv.getTypeUtils());
    validator = new Validator(scanner, copierNames, this::whyMissing);
    models = new ModelFactory(copierNames, this::isAuxiliary);
    // Only a target release that has javax.annotation.processing.Generated (9+) gets it.
    writer =
        new CopierWriter(
            Optional.ofNullable(elements.getTypeElement(GENERATED_NAME)).map(ClassName::get));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    // @Generated too: it is on every copier, so the round after ours carries it, and javac's
    // -Xlint:processing warns about any annotation that no processor claims.
    return Set.of(TypeScanner.ANNOTATION_NAME, GENERATED_NAME);
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
    if (roundEnv.processingOver()) {
      // A class that waited for Lombok's accessors is judged now, as it is; the others still
      // wait for types that will never come.
      for (TypeElement type : work) {
        if (awaitingLombok.remove(type.getQualifiedName().toString())) {
          processClass(type, true);
        } else {
          reportUnresolved(type);
        }
      }
      return claims(roundEnv);
    }
    pending.clear();
    pending.addAll(work);
    for (TypeElement type : work) {
      handle(type);
    }
    return claims(roundEnv);
  }

  /**
   * Whether this round's annotations are ours to claim. An unclaimed annotation is a warning under
   * {@code -Xlint:processing} ("No processor claimed any of these annotations"), which breaks
   * {@code -Werror} builds. {@code @CopyExcept} is always ours; {@code @Generated} only when every
   * type carrying it this round is a copier we wrote, so another generator's {@code @Generated}
   * still reaches the processors that want it.
   */
  private boolean claims(RoundEnvironment roundEnv) {
    TypeElement generated = elements.getTypeElement(GENERATED_NAME);
    if (generated == null) {
      return true;
    }
    for (Element element : roundEnv.getElementsAnnotatedWith(generated)) {
      if (!(element instanceof TypeElement type)
          || !written.contains(type.getQualifiedName().toString())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Handles {@code type} after the classes of this round it depends on (its annotated superclasses
   * and embedded structs), so that their verdicts are known: a struct that failed is refused on the
   * embedding field, and a superclass reports its own fields before its subclasses point at them.
   */
  private void handle(TypeElement type) {
    if (!pending.remove(type)) {
      return;
    }
    verdicts.put(type.getQualifiedName().toString(), Verdict.IN_PROGRESS);
    List<TypeElement> dependencies;
    try {
      dependencies = dependencies(type);
    } catch (RuntimeException e) {
      dependencies = List.of(); // processClass reports whatever is wrong with the class
    }
    for (TypeElement dependency : dependencies) {
      if (pending.contains(dependency)) {
        handle(dependency);
      }
    }
    processClass(type, false);
  }

  /** The superclasses of {@code type} and the classes of the final fields of each level. */
  private static List<TypeElement> dependencies(TypeElement type) {
    List<TypeElement> out = new ArrayList<>();
    TypeElement level = type;
    while (true) {
      for (VariableElement field : ElementFilter.fieldsIn(level.getEnclosedElements())) {
        if (field.getModifiers().contains(Modifier.FINAL)
            && field.asType() instanceof DeclaredType declared
            && declared.asElement() instanceof TypeElement struct) {
          out.add(struct);
        }
      }
      if (!(level.getSuperclass() instanceof DeclaredType superclass)
          || !(superclass.asElement() instanceof TypeElement next)) {
        return out;
      }
      out.add(next);
      level = next;
    }
  }

  /** Why the copier of an embedded struct will not exist, if it will not. */
  private Optional<StructCopiers.Missing> whyMissing(TypeElement struct) {
    String name = struct.getQualifiedName().toString();
    Verdict verdict = verdicts.get(name);
    if (verdict == Verdict.FAILED) {
      return Optional.of(
          new StructCopiers.Missing(name + " has errors of its own", "fix the errors of " + name));
    }
    if (verdict != null
        || copierNames.isSourceType(TypeElements.outermost(struct).getQualifiedName().toString())) {
      return Optional.empty();
    }
    String copier = TypeScanner.copierName(struct).canonicalName();
    TypeElement copierElement = elements.getTypeElement(copier);
    if (copierElement != null) {
      // An embedding copier calls copyAfterCheck, which copiers of processors before 0.1.0 lack.
      boolean current =
          ElementFilter.methodsIn(copierElement.getEnclosedElements()).stream()
              .anyMatch(m -> m.getSimpleName().contentEquals("copyAfterCheck"));
      return current
          ? Optional.empty()
          : Optional.of(
              new StructCopiers.Missing(
                  copier
                      + " in the class file has no copyAfterCheck method (it was generated by"
                      + " an older @CopyExcept processor)",
                  "recompile " + name + " with this version of the processor"));
    }
    return Optional.of(
        new StructCopiers.Missing(
            name
                + " comes from a class file and there is no "
                + copier
                + " beside it (was it compiled without the processor?)",
            "compile " + name + " with the @CopyExcept processor"));
  }

  /**
   * Whether a top-level class is declared in a file named after another class (javac's auxiliary
   * class). Without javac's trees there is no javac lint to avoid either: no class is.
   */
  private boolean isAuxiliary(TypeElement topLevel) {
    if (trees.isEmpty()) {
      return false;
    }
    TreePath path = trees.get().getPath(topLevel);
    return path != null
        && !path.getCompilationUnit()
            .getSourceFile()
            .isNameCompatible(topLevel.getSimpleName().toString(), JavaFileObject.Kind.SOURCE);
  }

  /** A struct this class embeds by value that waits for a later round, if any. */
  private Optional<String> deferredStruct(ScannedType scan) {
    for (ScannedField field : scan.fields()) {
      if (field.isFinal()
          && field.embedded().isPresent()
          && verdicts.get(field.embedded().get().getQualifiedName().toString())
              == Verdict.DEFERRED) {
        return Optional.of(field.embedded().get().getQualifiedName().toString());
      }
    }
    return Optional.empty();
  }

  /**
   * Handles one class; never throws. In the last round ({@code lastRound}) nothing is deferred any
   * more: a class still missing types gets its error.
   */
  private void processClass(TypeElement type, boolean lastRound) {
    String name = type.getQualifiedName().toString();
    // IN_PROGRESS while validating: a struct cycle back to this class is reported as a cycle.
    verdicts.put(name, Verdict.IN_PROGRESS);
    Verdict verdict = Verdict.FAILED;
    try {
      beforeEachClass.accept(type);
      AnnotationMirror annotation = TypeScanner.annotationOf(type).orElseThrow();
      ValidationReport declaration = validator.checkDeclaration(type, annotation);
      reporter.print(declaration.problems());
      if (!declaration.isClean()) {
        return;
      }
      ScannedType scan = scanner.scan(type);
      Optional<String> struct = deferredStruct(scan);
      if (!scan.unresolved().isEmpty() || struct.isPresent()) {
        if (lastRound) {
          reportUnresolved(type);
          return;
        }
        deferred.add(name);
        struct.ifPresentOrElse(
            s -> waitingForStruct.put(name, s), () -> waitingForStruct.remove(name));
        verdict = Verdict.DEFERRED;
        return;
      }
      ValidationReport report = validator.validate(scan);
      if (!lastRound && LombokAccessors.mayStillCome(report)) {
        // Lombok runs after this processor in this round and adds the accessors; the class is
        // entered again, with them, in the next round.
        deferred.add(name);
        awaitingLombok.add(name);
        verdict = Verdict.DEFERRED;
        return;
      }
      reporter.print(report.problems());
      if (!report.isClean()) {
        return;
      }
      CopierModel model = models.create(scan, report);
      try {
        writer.write(model, processingEnv.getFiler());
        written.add(model.copier().canonicalName());
        verdict = Verdict.GENERATED;
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
    } finally {
      verdicts.put(name, verdict);
    }
  }

  /** In the last round: the class still waits for types that will never come. */
  private void reportUnresolved(TypeElement type) {
    try {
      List<String> unresolved = new ArrayList<>(scanner.scan(type).unresolved());
      String struct = waitingForStruct.get(type.getQualifiedName().toString());
      if (unresolved.isEmpty() && struct != null) {
        unresolved.add(
            TypeScanner.copierName(elements.getTypeElement(struct)).canonicalName()
                + " (the copier of the struct "
                + struct
                + ", which was never generated)");
      }
      reporter.report(
          type, Message.UNRESOLVED_TYPE, type.getQualifiedName(), String.join(", ", unresolved));
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

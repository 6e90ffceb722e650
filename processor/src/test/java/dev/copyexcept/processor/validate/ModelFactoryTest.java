package dev.copyexcept.processor.validate;

import static com.google.common.truth.Truth.assertThat;
import static dev.copyexcept.processor.CopierHarness.compileWith;
import static dev.copyexcept.processor.CopierHarness.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.copyexcept.processor.diag.Message;
import dev.copyexcept.processor.diag.Problem;
import dev.copyexcept.processor.model.CopierModel;
import dev.copyexcept.processor.model.FieldPlan;
import dev.copyexcept.processor.scan.ScannedType;
import dev.copyexcept.processor.scan.TypeScanner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import org.junit.jupiter.api.Test;

/**
 * Validation returns a report and prints nothing; the model is built from a clean report of its own
 * class only.
 */
class ModelFactoryTest {
  @Test
  void reportCollectsEveryProblemInOrder_andSaysWhetherTheClassIsClean() {
    Map<String, ValidationReport> reports = new LinkedHashMap<>();
    compileWith(
        new Steps(
            (scan, report) -> reports.put(scan.target().getSimpleName().toString(), report),
            (judged, factory) -> {}),
        source(
            "p.Good",
            "package p; @dev.copyexcept.CopyExcept(\"id\") class Good { int id; long x; }"),
        source(
            "p.Bad",
            "package p; @dev.copyexcept.CopyExcept(\"nosuch\") class Bad { final Object o = null; }"));

    assertThat(reports.keySet()).containsExactly("Good", "Bad");
    assertThat(reports.get("Good").isClean()).isTrue();
    assertThat(reports.get("Good").problems()).isEmpty();
    assertThat(reports.get("Bad").isClean()).isFalse();
    assertThat(reports.get("Bad").problems().stream().map(Problem::message).toList())
        .containsExactly(Message.UNKNOWN_FIELD_LIST, Message.FINAL_FIELD)
        .inOrder();
  }

  @Test
  void modelFactory_refusesAnUncleanReport_andAReportOfAnotherClass() {
    Map<String, Object> outcome = new LinkedHashMap<>();
    compileWith(
        new Steps(
            (scan, report) -> {},
            (scans, factory) -> {
              ScannedType good = scans.get("Good").scan();
              ScannedType bad = scans.get("Bad").scan();
              CopierModel model = factory.create(good, scans.get("Good").report());
              outcome.put("good fields", model.fields().stream().map(FieldPlan::name).toList());
              outcome.put(
                  "unclean",
                  assertThrows(
                      IllegalArgumentException.class,
                      () -> factory.create(bad, scans.get("Bad").report())));
              outcome.put(
                  "other class",
                  assertThrows(
                      IllegalArgumentException.class,
                      () -> factory.create(bad, scans.get("Good").report())));
            }),
        source(
            "p.Good",
            "package p; @dev.copyexcept.CopyExcept(\"id\") class Good { int id; long x; }"),
        source(
            "p.Bad", "package p; @dev.copyexcept.CopyExcept class Bad { final Object o = null; }"));

    assertThat(outcome.get("good fields")).isEqualTo(List.of("x"));
    assertThat(outcome).containsKey("unclean");
    assertThat(outcome).containsKey("other class");
  }

  /** A scan with its report. */
  record Judged(ScannedType scan, ValidationReport report) {}

  /**
   * Runs the processor's steps on every annotated class without printing or generating, hands each
   * scan and report to {@code eachClass}, then all of them with a {@link ModelFactory} to {@code
   * atEnd}.
   */
  private static final class Steps extends AbstractProcessor {
    private final BiConsumer<ScannedType, ValidationReport> eachClass;
    private final BiConsumer<Map<String, Judged>, ModelFactory> atEnd;

    Steps(
        BiConsumer<ScannedType, ValidationReport> eachClass,
        BiConsumer<Map<String, Judged>, ModelFactory> atEnd) {
      this.eachClass = eachClass;
      this.atEnd = atEnd;
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
      if (annotations.isEmpty()) {
        return false;
      }
      TypeScanner scanner =
          new TypeScanner(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
      CopierNames names = new CopierNames();
      names.addRootElements(roundEnv.getRootElements());
      Validator validator = new Validator(scanner, names);
      Map<String, Judged> judged = new LinkedHashMap<>();
      for (TypeElement type :
          ElementFilter.typesIn(roundEnv.getElementsAnnotatedWith(annotations.iterator().next()))) {
        ScannedType scan = scanner.scan(type);
        ValidationReport report = validator.validate(scan);
        eachClass.accept(scan, report);
        judged.put(type.getSimpleName().toString(), new Judged(scan, report));
      }
      atEnd.accept(judged, new ModelFactory(names));
      return false;
    }
  }
}

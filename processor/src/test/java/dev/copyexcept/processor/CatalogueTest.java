package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static java.util.stream.Collectors.joining;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.diag.Message;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The catalogue of diagnostics is complete, tested, emitted by its fixtures, and well tagged. */
class CatalogueTest {
  @Test
  void everyMessage_hasAFixtureInDiagnosticsTest() {
    Set<Message> covered = EnumSet.noneOf(Message.class);
    for (Method method : fixtures()) {
      covered.addAll(Arrays.asList(method.getAnnotation(Covers.class).value()));
    }
    assertWithMessage("catalogue entries without a fixture in DiagnosticsTest")
        .that(EnumSet.complementOf(EnumSet.copyOf(covered)))
        .isEmpty();
  }

  /**
   * Runs every {@code @Covers} fixture of {@link DiagnosticsTest} (through the JUnit engine, so
   * that its {@code @TempDir}s work) while the harness records its compilations, and requires each
   * entry the fixture claims among the diagnostics they really printed, with the entry's kind and
   * its text (the format string's fixed parts, in order). A tag on a fixture that no longer
   * produces that message fails here.
   */
  @Test
  void everyFixture_emitsEveryEntryItCovers() {
    List<String> missing = new ArrayList<>();
    for (Method fixture : fixtures()) {
      List<Compilation> compilations =
          CopierHarness.recordCompilations(
              () -> {
                EngineExecutionResults results =
                    EngineTestKit.engine("junit-jupiter")
                        .selectors(selectMethod(DiagnosticsTest.class, fixture))
                        .execute();
                assertWithMessage("fixture %s ran and passed", fixture.getName())
                    .that(results.testEvents().succeeded().count())
                    .isEqualTo(1);
              });
      for (Message message : fixture.getAnnotation(Covers.class).value()) {
        boolean emitted =
            compilations.stream()
                .flatMap(c -> c.diagnostics().stream())
                .anyMatch(d -> isInstanceOf(d, message));
        if (!emitted) {
          missing.add(
              fixture.getName()
                  + " covers "
                  + message
                  + " but printed only: "
                  + compilations.stream()
                      .flatMap(c -> c.diagnostics().stream())
                      .map(
                          d ->
                              d.getKind()
                                  + " "
                                  + d.getMessage(Locale.ROOT).lines().findFirst().orElse(""))
                      .collect(joining("; ")));
        }
      }
    }
    assertWithMessage("fixtures that never emit an entry they are tagged with")
        .that(missing)
        .isEmpty();
  }

  @Test
  void everyMessage_startsWithAWellFormedTag() {
    List<String> texts = new ArrayList<>();
    for (Message message : Message.values()) {
      Object[] args = new Object[12];
      Arrays.fill(args, "X");
      String text = message.format(args);
      texts.add(text);
      assertThat(text).startsWith(message.tag() + " ");
      assertThat(message.tag()).matches("\\[CopyExcept\\.[a-z][A-Za-z]+\\]");
    }
    assertThat(texts).containsNoDuplicates();
  }

  /** The {@code @Covers} fixtures of {@link DiagnosticsTest}, by name. */
  private static List<Method> fixtures() {
    return Arrays.stream(DiagnosticsTest.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Covers.class))
        .sorted(Comparator.comparing(Method::getName))
        .toList();
  }

  /** Whether the diagnostic is {@code message}: its kind, and its text with any arguments. */
  private static boolean isInstanceOf(Diagnostic<? extends JavaFileObject> d, Message message) {
    if (d.getKind() != message.kind()) {
      return false;
    }
    String argument = "\u0001";
    Object[] args = new Object[12];
    Arrays.fill(args, argument);
    String pattern =
        Arrays.stream(message.format(args).split(argument, -1))
            .map(Pattern::quote)
            .collect(joining(".*?"));
    return Pattern.compile(pattern, Pattern.DOTALL).matcher(d.getMessage(Locale.ROOT)).matches();
  }
}

package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.behaviour.ShapeSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same sources give byte-identical copiers: compiled twice in the same order, and again with
 * the files in reverse order. Two inputs: every golden case at once, and the valid random shapes of
 * 26 fixed seeds.
 */
class DeterminismTest {

  static Stream<Arguments> inputs() throws IOException {
    return Stream.of(
        Arguments.of("golden inputs", goldenInputs(), 11, true),
        Arguments.of(
            "random shapes of seeds 1000..1025", ShapeSources.ofValidShapes(1000, 26), 10, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void sameSources_giveByteIdenticalCopiers_inAnyFileOrder(
      String name, List<JavaFileObject> sources, int minCopiers, boolean withoutWarnings) {
    Map<String, String> first = generated(sources, withoutWarnings);
    Map<String, String> second = generated(sources, withoutWarnings);
    List<JavaFileObject> reversed = new ArrayList<>(sources);
    Collections.reverse(reversed);
    Map<String, String> third = generated(reversed, withoutWarnings);

    assertWithMessage("%s: number of copiers", name).that(first.size()).isAtLeast(minCopiers);
    assertWithMessage("%s: second compilation, same order", name).that(second).isEqualTo(first);
    assertWithMessage("%s: third compilation, files in reverse order", name)
        .that(third)
        .isEqualTo(first);
  }

  /** Every golden input, each case in its own package so that all cases compile together. */
  private static List<JavaFileObject> goldenInputs() throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(GoldenFiles.root())) {
      for (Path file :
          files
              .filter(f -> f.toString().contains("/input/") && f.toString().endsWith(".java"))
              .sorted()
              .toList()) {
        String caseName = GoldenFiles.root().relativize(file).getName(0).toString();
        String code =
            Files.readString(file, UTF_8)
                .replaceAll("\\bp\\.", caseName + ".p.")
                .replace("package p", "package " + caseName + ".p");
        String relative =
            file.toString().substring(file.toString().indexOf("/input/") + "/input/".length());
        String name =
            caseName + "." + relative.substring(0, relative.length() - 5).replace('/', '.');
        sources.add(CopierHarness.source(name, code));
      }
    }
    return sources;
  }

  /** The generated sources by name; the compilation must succeed (without warnings if asked). */
  private static Map<String, String> generated(
      List<JavaFileObject> sources, boolean withoutWarnings) {
    Compilation compilation = CopierHarness.compile(sources);
    if (withoutWarnings) {
      assertThat(compilation).succeededWithoutWarnings();
    } else {
      assertThat(compilation).succeeded();
    }
    Map<String, String> out = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      try {
        out.put(file.toUri().toString(), file.getCharContent(true).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}

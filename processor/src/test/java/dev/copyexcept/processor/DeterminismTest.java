package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The same sources give byte-identical copiers, whatever the order the compiler gets them in. */
class DeterminismTest {

  @Test
  void compilingTwice_inEitherOrder_givesByteIdenticalCopiers() throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(GoldenFiles.root())) {
      for (Path file :
          files
              .filter(f -> f.toString().contains("/input/") && f.toString().endsWith(".java"))
              .sorted()
              .toList()) {
        // Each golden case in its own package, so all cases compile together.
        String caseName = GoldenFiles.root().relativize(file).getName(0).toString();
        String code =
            Files.readString(file, UTF_8)
                .replaceAll("\\bp\\.", caseName + ".p.")
                .replace("package p", "package " + caseName + ".p");
        String relative =
            file.toString().substring(file.toString().indexOf("/input/") + "/input/".length());
        String name =
            caseName + "." + relative.substring(0, relative.length() - 5).replace('/', '.');
        sources.add(JavaFileObjects.forSourceString(name, code));
      }
    }
    Map<String, String> first = generated(Fixtures.compile(sources.toArray(new JavaFileObject[0])));
    Collections.reverse(sources);
    Map<String, String> second =
        generated(Fixtures.compile(sources.toArray(new JavaFileObject[0])));
    assertThat(first.size()).isAtLeast(11);
    assertThat(second).containsExactlyEntriesIn(first);
  }

  private static Map<String, String> generated(Compilation compilation) throws IOException {
    assertThat(compilation).succeededWithoutWarnings();
    Map<String, String> sources = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      sources.put(file.toUri().toString(), file.getCharContent(true).toString());
    }
    return sources;
  }
}

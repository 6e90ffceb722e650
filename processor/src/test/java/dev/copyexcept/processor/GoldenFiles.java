package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/**
 * Golden files: for a case {@code c}, the sources under {@code src/test/resources/golden/c/input/}
 * are compiled with the processor, and every generated source must equal, byte for byte, its
 * counterpart under {@code golden/c/expected/}.
 *
 * <p>To regenerate every golden after an intended change of the output, run
 *
 * <pre>mvn -pl annotations,processor test -Dgolden.regenerate=true</pre>
 *
 * <p>then review the diff and commit it. A generated file without a golden fails the test, and the
 * golden is written so it can be reviewed and committed.
 */
final class GoldenFiles {
  /** The system property that switches on regeneration. */
  static final String REGENERATE = "golden.regenerate";

  private GoldenFiles() {}

  /** The golden directory of the source tree (not of target/), so regeneration edits sources. */
  static Path root() {
    String basedir = System.getProperty("project.basedir", System.getProperty("user.dir"));
    return Paths.get(basedir, "src", "test", "resources", "golden");
  }

  /** Compiles the case's inputs and compares every generated source with its golden. */
  static void check(String name) throws IOException {
    Path input = root().resolve(name).resolve("input");
    Path expected = root().resolve(name).resolve("expected");
    List<JavaFileObject> sources = new ArrayList<>();
    for (Path file : javaFiles(input)) {
      String qualified = qualifiedName(input, file);
      sources.add(JavaFileObjects.forSourceString(qualified, Files.readString(file, UTF_8)));
    }
    // Every lint category but "processing" (which flags annotations no processor claims): the
    // generated code must compile without a single warning.
    Compilation compilation =
        CopierHarness.compileWithOptions(List.of("-Xlint:all,-processing"), sources);
    assertThat(compilation).succeededWithoutWarnings();

    List<String> generated = new ArrayList<>();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      String path = file.toUri().getPath();
      generated.add(path.substring(path.indexOf("/SOURCE_OUTPUT/") + "/SOURCE_OUTPUT/".length()));
    }
    generated.sort(null);
    assertWithMessage("generated sources of golden case %s", name).that(generated).isNotEmpty();

    boolean regenerate = Boolean.getBoolean(REGENERATE);
    List<String> missing = new ArrayList<>();
    for (String relative : generated) {
      String qualified =
          relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
      String actual =
          compilation.generatedSourceFile(qualified).orElseThrow().getCharContent(true).toString();
      Path golden = expected.resolve(relative);
      if (regenerate || !Files.exists(golden)) {
        if (!regenerate) {
          missing.add(golden.toString());
        }
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual, UTF_8);
        continue;
      }
      assertThat(compilation)
          .generatedSourceFile(qualified)
          .contentsAsUtf8String()
          .isEqualTo(Files.readString(golden, UTF_8));
    }
    assertWithMessage("missing golden: wrote it to %s, review and commit", missing)
        .that(missing)
        .isEmpty();
    // A golden without a generated file means the processor stopped generating something.
    for (Path file : javaFiles(expected)) {
      assertWithMessage("golden %s has no generated counterpart", file)
          .that(generated)
          .contains(expected.relativize(file).toString().replace('\\', '/'));
    }
  }

  private static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String qualifiedName(Path root, Path file) {
    String relative = root.relativize(file).toString().replace('\\', '/');
    return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
  }
}

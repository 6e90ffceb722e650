package dev.copyexcept.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's Maven snippet is the consumer build {@code src/it/readme-snippet} runs: the block
 * after the README's marker comment must equal that fixture's {@code pom.xml}, with the version the
 * invoker fills in for {@code @project.version@}. Change one, and this fails until the other
 * follows.
 */
class ReadmeSnippetTest {
  static final String MARKER = "<!-- tested as integration-tests/src/it/readme-snippet/pom.xml -->";

  private static final Path BASEDIR = Path.of(System.getProperty("project.basedir", "."));

  @Test
  void readmeMavenSnippetIsTheTestedPom() throws IOException {
    String readme = Files.readString(BASEDIR.resolve("../README.md"));
    String fixture =
        Files.readString(BASEDIR.resolve("src/it/readme-snippet/pom.xml"))
            .replace("@project.version@", System.getProperty("project.version"));
    assertEquals(fixture.strip(), snippetAfterMarker(readme).strip());
  }

  @Test
  void readmeSnippetNamesNoUnsetToken() throws IOException {
    String snippet = snippetAfterMarker(Files.readString(BASEDIR.resolve("../README.md")));
    assertFalse(snippet.contains("@"), "the README snippet must be copyable as printed");
  }

  /** The fenced code block that starts on the line after {@link #MARKER}. */
  static String snippetAfterMarker(String readme) {
    int marker = readme.indexOf(MARKER);
    assertTrue(marker >= 0, "README.md lacks the marker " + MARKER);
    int fence = readme.indexOf("```xml\n", marker);
    assertEquals(
        marker + MARKER.length() + 1, fence, "the ```xml block must follow the marker directly");
    int start = fence + "```xml\n".length();
    int end = readme.indexOf("\n```", start);
    return readme.substring(start, end + 1);
  }
}

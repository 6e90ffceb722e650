package dev.copyexcept.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The Java sources of one library, read from its {@code -sources.jar} on the test class path. */
record CorpusSources(String library, Path jar, List<SourceFile> files) {

  /** One compilation unit: its path inside the jar ({@code org/x/Foo.java}) and its text. */
  record SourceFile(String path, String text) {}

  /**
   * The sources jar of {@code artifactId} on the class path (Maven resolves it as a test dependency
   * with the {@code sources} classifier), with every {@code .java} file except {@code
   * package-info.java} and {@code module-info.java}, sorted by path.
   */
  static CorpusSources load(String artifactId) {
    Path jar = null;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith(artifactId + "-") && name.endsWith("-sources.jar")) {
        jar = Path.of(entry);
      }
    }
    if (jar == null) {
      throw new IllegalStateException("no " + artifactId + "-*-sources.jar on the class path");
    }
    List<SourceFile> files = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String path = e.getName();
        if (!path.endsWith(".java")
            || path.startsWith("META-INF/")
            || path.endsWith("package-info.java")
            || path.endsWith("module-info.java")) {
          continue;
        }
        try (InputStream in = zip.getInputStream(e)) {
          files.add(new SourceFile(path, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort((a, b) -> a.path().compareTo(b.path()));
    return new CorpusSources(artifactId, jar, List.copyOf(files));
  }
}

package dev.copyexcept.corpus;

import dev.copyexcept.processor.CopyExceptProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The two compilations of one annotated corpus: with the processor ({@code -proc:only}, which is
 * all the processor needs and stops before code generation), then the sources together with every
 * generated copier and {@code -proc:none} (javac attributes no generated file once a processor has
 * reported an error, so only this second run shows whether every copier compiles).
 */
final class CorpusCompiler {
  /** The target release of both runs: the project's minimum, so JDK 25 reads {@code ct.sym}. */
  static final String RELEASE = "17";

  /** One diagnostic, flattened. */
  record Diag(Diagnostic.Kind kind, String file, long line, String code, String message) {
    boolean inGenerated(Path gen) {
      return file != null && file.startsWith(gen.toString());
    }

    @Override
    public String toString() {
      return kind + " " + file + ":" + line + " " + code + " " + message;
    }
  }

  private CorpusCompiler() {}

  /** Runs the processor over {@code src}, writing copiers into {@code gen}. */
  static List<Diag> process(Path src, Path gen, Path scratch) {
    return compile(javaFiles(src), gen, scratch, "-proc:only", true);
  }

  /** Compiles {@code src} and {@code gen} into {@code classes} without processors. */
  static List<Diag> compileAll(Path src, Path gen, Path classes) {
    List<Path> files = new ArrayList<>(javaFiles(src));
    files.addAll(javaFiles(gen));
    return compile(files, gen, classes, "-proc:none", false);
  }

  private static List<Diag> compile(
      List<Path> files, Path gen, Path classes, String proc, boolean withProcessor) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm =
        javac.getStandardFileManager(collector, Locale.ROOT, StandardCharsets.UTF_8)) {
      Files.createDirectories(gen);
      Files.createDirectories(classes);
      List<String> options =
          List.of(
              "--release",
              RELEASE,
              proc,
              "-Xlint:all",
              "-Xmaxerrs",
              "100000",
              "-Xmaxwarns",
              "100000",
              "-encoding",
              "UTF-8",
              "-s",
              gen.toString(),
              "-d",
              classes.toString(),
              "-cp",
              annotationsOnClassPath());
      JavaCompiler.CompilationTask task =
          javac.getTask(null, fm, collector, options, null, fm.getJavaFileObjectsFromPaths(files));
      if (withProcessor) {
        task.setProcessors(List.of(new CopyExceptProcessor()));
      }
      task.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Diag> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : collector.getDiagnostics()) {
      out.add(
          new Diag(
              d.getKind(),
              d.getSource() == null ? null : Path.of(d.getSource().toUri()).toString(),
              d.getLineNumber(),
              d.getCode(),
              d.getMessage(Locale.ROOT)));
    }
    return out;
  }

  /** The annotations' class path entry (the annotation must resolve in both runs). */
  private static String annotationsOnClassPath() {
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.contains("copy-except-annotations")
          || entry.replace('\\', '/').contains("annotations/target/classes")) {
        return entry;
      }
    }
    throw new IllegalStateException("copy-except-annotations is not on the class path");
  }

  /** Every {@code .java} file under {@code dir}, sorted. */
  static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

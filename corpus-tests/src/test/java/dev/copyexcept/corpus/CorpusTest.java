package dev.copyexcept.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.corpus.Annotator.AnnotatedClass;
import dev.copyexcept.corpus.Annotator.Mode;
import dev.copyexcept.corpus.Annotator.Output;
import dev.copyexcept.corpus.Annotator.ParsedUnit;
import dev.copyexcept.corpus.CopierCheck.Outcome;
import dev.copyexcept.corpus.CopierCheck.Result;
import dev.copyexcept.corpus.CorpusCompiler.Diag;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Annotates every class of commons-lang3 and commons-collections4 with {@code @CopyExcept} (once
 * with no exclusions, once excluding each class's own final non-array fields), compiles each with
 * the processor, compiles every generated copier, and checks every copier of a concrete class at
 * run time. The summary goes to standard output and to {@code target/corpus/summary.txt}; it holds
 * no JDK-specific text, so the summaries of two JDKs can be compared with {@code diff}.
 */
class CorpusTest {
  private static final Pattern TAG = Pattern.compile("\\[CopyExcept\\.([A-Za-z]+)\\]");
  private static final List<String> LIBRARIES = List.of("commons-lang3", "commons-collections4");

  @Test
  void everyClassOfTheCorpus() throws IOException {
    Path work = Path.of(System.getProperty("corpus.workDir", "target/corpus"));
    deleteRecursively(work);
    Files.createDirectories(work);
    StringBuilder summary = new StringBuilder();
    List<String> failures = new ArrayList<>();
    for (String library : LIBRARIES) {
      CorpusSources sources = CorpusSources.load(library);
      long start = System.nanoTime();
      List<ParsedUnit> units = Annotator.parse(sources);
      log("%s: %d files parsed in %d ms", library, units.size(), millis(start));
      for (Mode mode : Mode.values()) {
        summary.append(
            run(
                library,
                sources.jar().getFileName().toString(),
                units,
                mode,
                work.resolve(library).resolve(mode.dirName),
                failures));
      }
    }
    Files.writeString(work.resolve("summary.txt"), summary.toString(), StandardCharsets.UTF_8);
    System.out.print(summary);
    assertTrue(
        failures.isEmpty(), failures.size() + " corpus failures:\n" + String.join("\n", failures));
  }

  private static String run(
      String library,
      String jarName,
      List<ParsedUnit> units,
      Mode mode,
      Path dir,
      List<String> failures)
      throws IOException {
    Path src = dir.resolve("src");
    Path gen = dir.resolve("gen");
    Map<String, AnnotatedClass> annotated = new LinkedHashMap<>();
    for (ParsedUnit unit : units) {
      Output out = Annotator.annotate(unit, mode);
      Path file = src.resolve(out.path());
      Files.createDirectories(file.getParent());
      Files.writeString(file, out.text(), StandardCharsets.UTF_8);
      out.classes().forEach(c -> annotated.put(c.binaryName(), c));
    }
    String label = library + " / exclusions: " + mode.dirName;

    long start = System.nanoTime();
    List<Diag> processed = CorpusCompiler.process(src, gen, dir.resolve("scratch"));
    log("%s: processor run in %d ms", label, millis(start));
    start = System.nanoTime();
    List<Diag> compiled = CorpusCompiler.compileAll(src, gen, dir.resolve("classes"));
    log("%s: sources and copiers compiled in %d ms", label, millis(start));

    Map<String, Integer> byTag = new TreeMap<>();
    for (Diag d : processed) {
      Matcher m = TAG.matcher(d.message());
      if (m.find()) {
        byTag.merge(
            m.group(1) + " (" + d.kind().toString().toLowerCase(java.util.Locale.ROOT) + ")",
            1,
            Integer::sum);
        if (m.group(1).equals("internalError")) {
          failures.add(label + ": internal error: " + d);
        }
      }
      if (d.inGenerated(gen)) {
        failures.add(label + ": processor run, diagnostic in generated code: " + d);
      }
    }
    for (Diag d : compiled) {
      if (d.inGenerated(gen)) {
        failures.add(label + ": copier compilation, diagnostic in generated code: " + d);
      } else if (d.kind() == Diagnostic.Kind.ERROR) {
        failures.add(label + ": copier compilation, error: " + d);
      }
    }

    // Which annotated classes got a copier.
    List<AnnotatedClass> withCopier = new ArrayList<>();
    for (AnnotatedClass c : annotated.values()) {
      Path copier = gen.resolve(c.copierName().replace('.', '/') + ".java");
      if (Files.exists(copier)) {
        withCopier.add(c);
      }
    }
    withCopier.sort(Comparator.comparing(AnnotatedClass::binaryName));
    int generated = CorpusCompiler.javaFiles(gen).size();
    if (generated != withCopier.size()) {
      failures.add(
          label
              + ": "
              + generated
              + " files generated but "
              + withCopier.size()
              + " belong to an annotated class");
    }

    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    List<String> refused = new ArrayList<>();
    List<String> userCode = new ArrayList<>();
    List<String> notFillable = new ArrayList<>();
    if (compiled.stream().noneMatch(d -> d.kind() == Diagnostic.Kind.ERROR)) {
      start = System.nanoTime();
      try (URLClassLoader loader =
          new URLClassLoader(
              new URL[] {dir.resolve("classes").toUri().toURL()},
              ClassLoader.getPlatformClassLoader())) {
        CopierCheck check = new CopierCheck(loader, annotated);
        for (AnnotatedClass c : withCopier) {
          Result r = check.check(c);
          outcomes.merge(r.outcome(), 1, Integer::sum);
          switch (r.outcome()) {
            case FAILED ->
                failures.add(label + ": run-time check of " + c.copierName() + ": " + r.detail());
            case REFUSED_AT_RUN_TIME -> refused.add(c.binaryName() + ": " + r.detail());
            case USER_CODE_THREW -> userCode.add(c.binaryName() + ": " + r.detail());
            case NOT_FILLABLE -> notFillable.add(c.binaryName() + ": " + r.detail());
            default -> {}
          }
        }
      }
      log("%s: %d copiers checked at run time in %d ms", label, withCopier.size(), millis(start));
    } else {
      failures.add(label + ": run-time checks skipped: the copiers did not compile");
    }

    StringBuilder s = new StringBuilder();
    s.append("== ")
        .append(label)
        .append(" (")
        .append(jarName)
        .append(", --release ")
        .append(CorpusCompiler.RELEASE)
        .append(")\n");
    s.append("classes annotated:         ").append(annotated.size()).append('\n');
    s.append("copiers generated:         ").append(generated).append('\n');
    s.append("diagnostics by tag:\n");
    if (byTag.isEmpty()) {
      s.append("  (none)\n");
    }
    byTag.forEach(
        (tag, n) -> s.append(String.format(java.util.Locale.ROOT, "  %-32s %5d%n", tag, n)));
    s.append("diagnostics in generated code: ")
        .append(
            processed.stream().filter(d -> d.inGenerated(gen)).count()
                + compiled.stream().filter(d -> d.inGenerated(gen)).count())
        .append('\n');
    s.append("run-time checks passed:    ")
        .append(outcomes.getOrDefault(Outcome.PASSED, 0))
        .append('\n');
    s.append("refused at run time:       ")
        .append(outcomes.getOrDefault(Outcome.REFUSED_AT_RUN_TIME, 0))
        .append('\n');
    refused.forEach(r -> s.append("  ").append(r).append('\n'));
    s.append("user code (a setter) threw: ")
        .append(outcomes.getOrDefault(Outcome.USER_CODE_THREW, 0))
        .append('\n');
    userCode.forEach(r -> s.append("  ").append(r).append('\n'));
    s.append("abstract (not run):        ")
        .append(outcomes.getOrDefault(Outcome.ABSTRACT, 0))
        .append('\n');
    s.append("struct not allocatable:    ")
        .append(outcomes.getOrDefault(Outcome.NOT_FILLABLE, 0))
        .append('\n');
    notFillable.forEach(r -> s.append("  ").append(r).append('\n'));
    s.append("run-time checks failed:    ")
        .append(outcomes.getOrDefault(Outcome.FAILED, 0))
        .append('\n');
    return s.toString();
  }

  private static void log(String format, Object... args) {
    System.out.println("[corpus] " + String.format(java.util.Locale.ROOT, format, args));
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void theTagPatternReadsATag() {
    Matcher m = TAG.matcher("[CopyExcept.finalField] field x");
    assertTrue(m.find());
    assertEquals("finalField", m.group(1));
  }
}

package dev.copyexcept.corpus;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import dev.copyexcept.corpus.CorpusSources.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Adds {@code @CopyExcept} to every class of a corpus, through javac's parser: each class
 * declaration's start position (its first modifier, or the {@code class} keyword) becomes a text
 * insertion. Only member and top-level classes are annotated (the processor cannot see local and
 * anonymous ones); interfaces, enums, records and annotation types are not.
 */
final class Annotator {
  /** Which names each class's annotation lists. */
  enum Mode {
    /** {@code @CopyExcept({})}: copy everything. */
    NO_EXCLUSIONS("none"),
    /** The class's own final instance fields that are not arrays. */
    OWN_FINAL_NON_ARRAY("final");

    final String dirName;

    Mode(String dirName) {
      this.dirName = dirName;
    }
  }

  /** One annotated class: its binary name, whether abstract, and its own excluded names. */
  record AnnotatedClass(
      String binaryName, String copierName, boolean isAbstract, List<String> excluded) {}

  /** A parsed compilation unit with the classes to annotate. */
  record ParsedUnit(SourceFile file, List<Declaration> declarations) {}

  /** A class declaration: where the annotation goes and which final fields it declares. */
  record Declaration(
      long position,
      String binaryName,
      String copierName,
      boolean isAbstract,
      List<String> ownFinalNonArray) {}

  /** The annotated text of one file, and its classes. */
  record Output(String path, String text, List<AnnotatedClass> classes) {}

  private Annotator() {}

  /** Parses every file (no attribution: only the syntax is needed). */
  static List<ParsedUnit> parse(CorpusSources sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> objects = new ArrayList<>();
    Map<URI, SourceFile> byUri = new HashMap<>();
    for (SourceFile file : sources.files()) {
      InMemorySource object = new InMemorySource(file);
      objects.add(object);
      byUri.put(object.toUri(), file);
    }
    JavacTask task =
        (JavacTask) javac.getTask(null, null, d -> {}, List.of("-proc:none"), null, objects);
    List<ParsedUnit> units = new ArrayList<>();
    try {
      SourcePositions positions = Trees.instance(task).getSourcePositions();
      for (CompilationUnitTree unit : task.parse()) {
        SourceFile file = byUri.get(unit.getSourceFile().toUri());
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
        List<Declaration> declarations = new ArrayList<>();
        for (Tree type : unit.getTypeDecls()) {
          if (type instanceof ClassTree c) {
            collect(unit, positions, c, pkg, pkg.isEmpty() ? "" : pkg + ".", "", declarations);
          }
        }
        units.add(new ParsedUnit(file, declarations));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    units.sort(Comparator.comparing(u -> u.file().path()));
    return units;
  }

  private static void collect(
      CompilationUnitTree unit,
      SourcePositions positions,
      ClassTree tree,
      String pkg,
      String binaryPrefix,
      String copierPrefix,
      List<Declaration> out) {
    String simple = tree.getSimpleName().toString();
    String binaryName = binaryPrefix + simple;
    String copierSimple = copierPrefix + simple;
    if (tree.getKind() == Tree.Kind.CLASS) {
      List<String> finals = new ArrayList<>();
      for (Tree member : tree.getMembers()) {
        if (member instanceof VariableTree v) {
          var modifiers = v.getModifiers().getFlags();
          if (modifiers.contains(Modifier.FINAL)
              && !modifiers.contains(Modifier.STATIC)
              && v.getType().getKind() != Tree.Kind.ARRAY_TYPE) {
            finals.add(v.getName().toString());
          }
        }
      }
      out.add(
          new Declaration(
              positions.getStartPosition(unit, tree),
              binaryName,
              (pkg.isEmpty() ? "" : pkg + ".") + copierSimple + "Copier",
              tree.getModifiers().getFlags().contains(Modifier.ABSTRACT),
              List.copyOf(finals)));
    }
    for (Tree member : tree.getMembers()) {
      if (member instanceof ClassTree nested) {
        collect(unit, positions, nested, pkg, binaryName + "$", copierSimple + "_", out);
      }
    }
  }

  /** The file's text with one {@code @CopyExcept} per class. */
  static Output annotate(ParsedUnit unit, Mode mode) {
    StringBuilder text = new StringBuilder(unit.file().text());
    List<AnnotatedClass> classes = new ArrayList<>();
    List<Declaration> byPositionDescending = new ArrayList<>(unit.declarations());
    byPositionDescending.sort(Comparator.comparingLong(Declaration::position).reversed());
    for (Declaration d : byPositionDescending) {
      List<String> excluded = mode == Mode.NO_EXCLUSIONS ? List.of() : d.ownFinalNonArray();
      text.insert((int) d.position(), annotation(excluded));
    }
    for (Declaration d : unit.declarations()) {
      List<String> excluded = mode == Mode.NO_EXCLUSIONS ? List.of() : d.ownFinalNonArray();
      classes.add(new AnnotatedClass(d.binaryName(), d.copierName(), d.isAbstract(), excluded));
    }
    return new Output(unit.file().path(), text.toString(), classes);
  }

  private static String annotation(List<String> names) {
    List<String> quoted = new ArrayList<>();
    names.forEach(n -> quoted.add('"' + n + '"'));
    return "@dev.copyexcept.CopyExcept({" + String.join(", ", quoted) + "}) ";
  }

  /** A corpus file handed to the parser from memory. */
  static final class InMemorySource extends SimpleJavaFileObject {
    final SourceFile file;

    InMemorySource(SourceFile file) {
      super(URI.create("mem:///" + file.path()), JavaFileObject.Kind.SOURCE);
      this.file = file;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return file.text();
    }
  }
}

package dev.copyexcept.benchmarks.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sources {@link CompileCost} compiles: {@code n} classes {@code gen.C0 ... gen.C(n-1)}, each
 * with 20 public fields of mixed types and {@code @CopyExcept("f19")}, and for MapStruct one update
 * mapper per class that ignores {@code f19} ({@code void update(Ci src, @MappingTarget Ci dest)}),
 * the equivalent of the copier. All in one package, as the issue measured them.
 */
final class SourceSet {
  static final String PACKAGE = "gen";
  private static final String[] TYPES = {
    "long", "int", "Object", "String", "double", "boolean", "long[]", "short", "byte", "char"
  };
  static final int FIELDS = 20;

  private SourceSet() {}

  /** Writes the n classes under {@code dir} and returns their paths. */
  static List<Path> writeClasses(Path dir, int n) throws IOException {
    List<Path> files = new ArrayList<>();
    Path pkg = Files.createDirectories(dir.resolve(PACKAGE));
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      sb.append("package ").append(PACKAGE).append(";\n\n");
      sb.append("import dev.copyexcept.CopyExcept;\n\n");
      sb.append("@CopyExcept(\"f").append(FIELDS - 1).append("\")\n");
      sb.append("public class C").append(i).append(" {\n");
      for (int f = 0; f < FIELDS; f++) {
        sb.append("  public ").append(TYPES[(f + i) % TYPES.length]).append(" f").append(f);
        sb.append(";\n");
      }
      sb.append("}\n");
      files.add(Files.writeString(pkg.resolve("C" + i + ".java"), sb));
    }
    return files;
  }

  /** Writes the n MapStruct update mappers under {@code dir} and returns their paths. */
  static List<Path> writeMappers(Path dir, int n) throws IOException {
    List<Path> files = new ArrayList<>();
    Path pkg = Files.createDirectories(dir.resolve(PACKAGE));
    for (int i = 0; i < n; i++) {
      String c = "C" + i;
      String source =
          "package "
              + PACKAGE
              + ";\n\n"
              + "import org.mapstruct.Mapper;\n"
              + "import org.mapstruct.Mapping;\n"
              + "import org.mapstruct.MappingTarget;\n\n"
              + "@Mapper\n"
              + "public interface "
              + c
              + "Mapper {\n"
              + "  @Mapping(target = \"f"
              + (FIELDS - 1)
              + "\", ignore = true)\n"
              + "  void update("
              + c
              + " src, @MappingTarget "
              + c
              + " dest);\n"
              + "}\n";
      files.add(Files.writeString(pkg.resolve(c + "Mapper.java"), source));
    }
    return files;
  }

  /** Every {@code .java} file under {@code dir}, sorted. */
  static List<Path> javaFiles(Path dir) throws IOException {
    try (var stream = Files.walk(dir)) {
      return stream.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}

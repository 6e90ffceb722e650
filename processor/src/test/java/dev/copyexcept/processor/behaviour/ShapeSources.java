package dev.copyexcept.processor.behaviour;

import static dev.copyexcept.processor.CopierHarness.source;

import dev.copyexcept.processor.behaviour.Shape.FieldSpec;
import dev.copyexcept.processor.behaviour.Shape.Kind;
import dev.copyexcept.processor.behaviour.Shape.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;

/**
 * Writes the Java sources of a {@link Shape}: one public top-level class per level, and the struct.
 */
public final class ShapeSources {
  private ShapeSources() {}

  /**
   * The sources of every shape the oracle finds valid among the seeds {@code firstSeed} to {@code
   * firstSeed + count - 1}, in seed order: a large, varied and valid input for whole-compilation
   * tests such as determinism.
   */
  public static List<JavaFileObject> ofValidShapes(long firstSeed, int count) {
    List<JavaFileObject> sources = new ArrayList<>();
    for (long seed = firstSeed; seed < firstSeed + count; seed++) {
      Shape shape = ShapeGenerator.generate(seed);
      if (ShapeOracle.problems(shape).isEmpty()) {
        sources.addAll(of(shape));
      }
    }
    return sources;
  }

  static List<JavaFileObject> of(Shape shape) {
    List<JavaFileObject> out = new ArrayList<>();
    if (shape.struct != null) {
      out.add(
          source(
              shape.struct.qualifiedName(),
              "package " + shape.struct.pkg + ";",
              annotation(shape.struct.exclusions),
              "public class S { public int k; public long m; public String n;"
                  + (shape.struct.arrayLength > 0
                      ? " public final int[] arr = new int[" + shape.struct.arrayLength + "];"
                      : "")
                  + " }"));
    }
    for (Level l : shape.levels) {
      out.add(source(l.sourceName(), text(shape, l)));
    }
    return out;
  }

  /** The whole source file of a level: the class, or a public holder class around it. */
  static String text(Shape shape, Level l) {
    String body = classText(shape, l);
    if (l.holder == null) {
      return "package " + l.pkg + ";\n\n" + body;
    }
    return "package "
        + l.pkg
        + ";\n\npublic class "
        + l.holder
        + " {\n"
        + body.replaceAll("(?m)^(?=.)", "  ")
        + "}\n";
  }

  private static String classText(Shape shape, Level l) {
    StringBuilder sb = new StringBuilder();
    if (l.annotated) {
      sb.append(annotation(l.exclusions)).append('\n');
    }
    sb.append(l.isPublic ? "public " : "")
        .append(l.holder != null ? "static class " : "class ")
        .append(l.simpleName)
        .append(l.generic ? "<T>" : "");
    if (l.index > 0) {
      Level parent = shape.levels.get(l.index - 1);
      sb.append(" extends ")
          .append(parent.qualifiedName())
          .append(parent.generic ? "<String>" : "");
    }
    sb.append(" {\n");
    List<String> ctor = new ArrayList<>();
    for (FieldSpec f : l.fields) {
      sb.append("  ").append(f.access.keyword);
      if (f.isStatic) {
        sb.append("static ");
      }
      if (f.isFinal) {
        sb.append("final ");
      }
      if (f.isVolatile) {
        sb.append("volatile ");
      }
      if (f.isTransient) {
        sb.append("transient ");
      }
      sb.append(type(shape, f)).append(' ').append(f.name);
      if (f.isFinal && f.kind == Kind.ARRAY) {
        sb.append(" = new ").append(f.scalarType).append('[').append(f.arrayLength).append(']');
      } else if (f.isFinal && f.kind == Kind.STRUCT) {
        sb.append(" = new ").append(shape.struct.qualifiedName()).append("()");
      } else if (f.isFinal) {
        // assigned in the constructor, so that the field is no compile-time constant
        ctor.add("    this." + f.name + " = " + zero(f.scalarType) + ";");
      }
      sb.append(";\n");
    }
    sb.append("\n  public ").append(l.simpleName).append("() {\n");
    ctor.forEach(line -> sb.append(line).append('\n'));
    sb.append("  }\n");
    for (FieldSpec f : l.fields) {
      if (f.getter) {
        sb.append("\n  public ")
            .append(type(shape, f))
            .append(' ')
            .append(f.isGetter ? "is" : "get")
            .append(f.capitalized())
            .append("() { return ")
            .append(f.name)
            .append("; }\n");
      }
      if (f.setter) {
        sb.append("\n  public void set")
            .append(f.capitalized())
            .append('(')
            .append(type(shape, f))
            .append(" v) { this.")
            .append(f.name)
            .append(" = v; }\n");
      }
    }
    sb.append("}\n");
    return sb.toString();
  }

  static String type(Shape shape, FieldSpec f) {
    return switch (f.kind) {
      case SCALAR -> f.scalarType;
      case ARRAY -> f.scalarType + "[]";
      case STRUCT -> shape.struct.qualifiedName();
    };
  }

  private static String annotation(List<String> names) {
    if (names.isEmpty()) {
      return "@dev.copyexcept.CopyExcept";
    }
    return names.stream()
        .map(n -> "\"" + n + "\"")
        .collect(Collectors.joining(", ", "@dev.copyexcept.CopyExcept({", "})"));
  }

  private static String zero(String type) {
    return switch (type) {
      case "boolean" -> "false";
      case "String", "T" -> "null";
      default -> "(" + type + ") 0";
    };
  }
}

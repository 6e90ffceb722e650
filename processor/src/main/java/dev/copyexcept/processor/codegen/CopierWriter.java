package dev.copyexcept.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.copyexcept.processor.model.CopierModel;
import dev.copyexcept.processor.model.Exclusion;
import dev.copyexcept.processor.model.FieldPlan;
import dev.copyexcept.processor.model.FieldPlan.Kind;
import dev.copyexcept.processor.util.Names;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;

/**
 * Renders a {@link CopierModel} as Java source.
 *
 * <p>The copier has three methods. {@code check(src, dest)} runs every check that can fail (null
 * arguments, null or differently sized final arrays, null embedded structs, and recursively the
 * embedded structs' own checks) and writes nothing. {@code copyAfterCheck(src, dest)} only writes:
 * scalars by assignment, final arrays with {@code System.arraycopy}, embedded structs with their
 * own copier's {@code copyAfterCheck}. {@code copy(src, dest)} is {@code check} then {@code
 * copyAfterCheck}, so a copy that throws leaves {@code dest} unchanged, and each check runs once
 * per copy however deep the structs are embedded (the embedded structs' checks ran inside the
 * top-level {@code check}; their writes do not repeat them).
 */
public final class CopierWriter {
  private static final String PROCESSOR = "dev.copyexcept.processor.CopyExceptProcessor";

  /** The {@code java.lang} types the copier names, which a same-package type would shadow. */
  private static final Set<String> JAVA_LANG_TYPES_USED =
      Set.of(
          System.class.getSimpleName(),
          NullPointerException.class.getSimpleName(),
          IllegalArgumentException.class.getSimpleName(),
          IllegalStateException.class.getSimpleName(),
          SuppressWarnings.class.getSimpleName());

  private final Optional<ClassName> generatedAnnotation;

  /**
   * A writer; {@code generatedAnnotation} is {@code javax.annotation.processing.Generated} when the
   * target release has it.
   */
  public CopierWriter(Optional<ClassName> generatedAnnotation) {
    this.generatedAnnotation = generatedAnnotation;
  }

  /** Writes the copier through {@code filer}. */
  public void write(CopierModel model, Filer filer) throws IOException {
    render(model).writeTo(filer);
  }

  /**
   * The {@code java.lang} types the copier uses that a type of its package shadows. A binary search
   * of the sorted package names for each of the few types used: scanning the package's names for
   * every class was quadratic in a package of many annotated classes.
   */
  private static String[] shadowedJavaLangTypes(CopierModel model) {
    return JAVA_LANG_TYPES_USED.stream()
        .filter(name -> Collections.binarySearch(model.packageTypeNames(), name) >= 0)
        .sorted()
        .toArray(String[]::new);
  }

  /** The copier's source file. */
  private JavaFile render(CopierModel model) {
    Modifier[] access = model.isPublic() ? new Modifier[] {Modifier.PUBLIC} : new Modifier[0];
    TypeSpec.Builder copier =
        TypeSpec.classBuilder(model.copier())
            .addOriginatingElement(model.originatingElement())
            .addJavadoc(classJavadoc(model))
            .addModifiers(access)
            .addModifiers(Modifier.FINAL)
            .alwaysQualify(shadowedJavaLangTypes(model));
    generatedAnnotation.ifPresent(
        generated ->
            copier.addAnnotation(
                AnnotationSpec.builder(generated).addMember("value", "$S", PROCESSOR).build()));
    if (model.auxiliary()) {
      // The copier lives in a file of its own and must name a class declared in another class's
      // file, which javac's auxiliaryclass lint flags at every use; javac honours the suppression
      // in method bodies only, so an auxiliary target is named in bodies only (see srcDestMethod),
      // and casting to a generic one is unchecked.
      boolean unchecked = model.auxiliaryTarget() && !model.typeVariables().isEmpty();
      copier.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember(
                  "value",
                  unchecked ? "{$S, $S}" : "$S",
                  unchecked
                      ? new Object[] {"auxiliaryclass", "unchecked"}
                      : new Object[] {"auxiliaryclass"})
              .build());
    }
    copier.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    MethodSpec copy = copyMethod(model, access);
    MethodSpec check = checkMethod(model, access);
    MethodSpec copyAfterCheck = copyAfterCheckMethod(model, access);
    if (model.usesDeprecated()) {
      // "removal" too: warnings for members deprecated for removal are on by default.
      AnnotationSpec suppress =
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember("value", "{$S, $S}", "deprecation", "removal")
              .build();
      copy = copy.toBuilder().addAnnotation(suppress).build();
      check = check.toBuilder().addAnnotation(suppress).build();
      copyAfterCheck = copyAfterCheck.toBuilder().addAnnotation(suppress).build();
    }
    copier.addMethod(copy);
    copier.addMethod(check);
    copier.addMethod(copyAfterCheck);
    return JavaFile.builder(model.copier().packageName(), copier.build())
        .addFileComment(
            "Generated by the @CopyExcept processor from $L. Do not edit: change $L instead.",
            model.targetName().canonicalName(),
            model.targetName().simpleName())
        .skipJavaLangImports(true)
        .build();
  }

  private MethodSpec copyMethod(CopierModel model, Modifier[] access) {
    NameAllocator names = new NameAllocator();
    String src = names.newName("src");
    String dest = names.newName("dest");
    MethodSpec.Builder copy =
        srcDestMethod("copy", model, access, src, dest)
            .addJavadoc(
                "Copies every field listed in the class comment from {@code $L} into {@code $L}.\n"
                    + "All checks run before the first write, so when this method throws, {@code"
                    + " $L} is unchanged.\n"
                    + "Copying an object into itself changes nothing.\n\n"
                    + "@param $L the object to copy from\n"
                    + "@param $L the object to copy into\n"
                    + "@throws NullPointerException if {@code $L} or {@code $L} is null, or a final"
                    + " array or\n"
                    + "    embedded struct is null in either\n"
                    + "@throws IllegalArgumentException if a final array has different lengths in"
                    + " the two\n"
                    + "    objects\n"
                    + (readsInPlaceThroughGetter(model)
                        ? "@throws IllegalStateException if a getter that the copy writes through"
                            + " returns a\n"
                            + "    different object on each call (a copy), so it cannot reach {@code "
                            + dest
                            + "}'s own\n"
                            + "    field\n"
                        : ""),
                src,
                dest,
                dest,
                src,
                dest,
                src,
                dest)
            .addStatement("check($N, $N)", src, dest)
            .addStatement("copyAfterCheck($N, $N)", src, dest);
    return copy.build();
  }

  /** The writes of {@code copy}, without its checks. */
  private MethodSpec copyAfterCheckMethod(CopierModel model, Modifier[] access) {
    NameAllocator names = new NameAllocator();
    String src = names.newName("src");
    String dest = names.newName("dest");
    MethodSpec.Builder copy =
        srcDestMethod("copyAfterCheck", model, access, src, dest)
            .addJavadoc(
                "Writes what {@link #copy} writes, without running {@link #check} first. For the"
                    + " copier of a\n"
                    + "class that embeds {@code $T} as a final field: its own {@code check} ran"
                    + " this class's\n"
                    + "checks already, so each check runs once per copy. Call it only after {@code"
                    + " check($L, $L)}\n"
                    + "passed with no write in between; otherwise a null or differently sized final"
                    + " array or\n"
                    + "embedded struct throws after some fields were written.\n\n"
                    + "@param $L the object to copy from\n"
                    + "@param $L the object to copy into\n",
                model.targetName(),
                src,
                dest,
                src,
                dest);
    if (model.auxiliaryTarget()) {
      src = typedLocal(copy, model, names.newName("from"), src);
      dest = typedLocal(copy, model, names.newName("to"), dest);
    }
    for (FieldPlan field : model.fields()) {
      copy.addStatement(write(field, src, dest));
    }
    return copy.build();
  }

  /**
   * The head {@code copy}, {@code check} and {@code copyAfterCheck} share: {@code static <T> void
   * name(Foo<T> src, Foo<T> dest)}.
   */
  private static MethodSpec.Builder srcDestMethod(
      String name, CopierModel model, Modifier[] access, String src, String dest) {
    // An auxiliary class named in a signature draws javac's auxiliaryclass lint, which no
    // @SuppressWarnings silences there: such a copier takes Object and casts in its body.
    TypeName parameter = model.auxiliaryTarget() ? TypeName.get(Object.class) : model.targetType();
    return MethodSpec.methodBuilder(name)
        .addModifiers(access)
        .addModifiers(Modifier.STATIC)
        .addTypeVariables(model.typeVariables())
        .addParameter(ParameterSpec.builder(parameter, src).build())
        .addParameter(ParameterSpec.builder(parameter, dest).build());
  }

  private static CodeBlock write(FieldPlan field, String src, String dest) {
    return switch (field.kind()) {
      case ASSIGN -> CodeBlock.of("$L = $L", read(field, dest), read(field, src));
      case ACCESSORS ->
          CodeBlock.of("$N.$N($L)", dest, field.setter().orElseThrow(), read(field, src));
      case ARRAY ->
          CodeBlock.of(
              "$T.arraycopy($L, 0, $L, 0, $L.length)",
              System.class,
              read(field, src),
              read(field, dest),
              // An array of a type the copier cannot name has an inaccessible length member too.
              field.nameable()
                  ? read(field, src)
                  : CodeBlock.of("(($T) $L)", field.type(), read(field, src)));
      case EMBEDDED ->
          CodeBlock.of(
              "$T.copyAfterCheck($L, $L)",
              field.embeddedCopier().orElseThrow(),
              read(field, src),
              read(field, dest));
    };
  }

  private MethodSpec checkMethod(CopierModel model, Modifier[] access) {
    NameAllocator names = new NameAllocator();
    String src = names.newName("src");
    String dest = names.newName("dest");
    MethodSpec.Builder check =
        srcDestMethod("check", model, access, src, dest)
            .addJavadoc(
                "Runs every check of {@link #copy} and writes nothing. The copier of a class that"
                    + " embeds\n"
                    + "{@code $T} as a final field calls it before its own first write.\n\n"
                    + "@param $L the object to copy from\n"
                    + "@param $L the object to copy into\n"
                    + "@throws NullPointerException as {@link #copy} does\n"
                    + "@throws IllegalArgumentException as {@link #copy} does\n"
                    + (readsInPlaceThroughGetter(model)
                        ? "@throws IllegalStateException as {@link #copy} does\n"
                        : ""),
                model.targetName(),
                src,
                dest)
            .addStatement("$T.requireNonNull($N, $S)", Objects.class, src, src)
            .addStatement("$T.requireNonNull($N, $S)", Objects.class, dest, dest);
    String srcLabel = src;
    String destLabel = dest;
    if (model.auxiliaryTarget()) {
      src = typedLocal(check, model, names.newName("from"), src);
      dest = typedLocal(check, model, names.newName("to"), dest);
    }
    for (FieldPlan field : model.fields()) {
      if (field.kind() != Kind.ARRAY && field.kind() != Kind.EMBEDDED) {
        continue;
      }
      // Each object is read once into a local, so a getter is called once per check (and once
      // more on dest, to see that it returns the field and not a copy).
      String label =
          field.isHidden()
              ? field.declaringClass().simpleName() + "." + field.name()
              : field.name();
      String suffix = Names.capitalize(field.name());
      String srcValue = names.newName(srcLabel + suffix);
      String destValue = names.newName(destLabel + suffix);
      check.addStatement("$T $N = $L", field.type(), srcValue, read(field, src));
      check.addStatement("$T $N = $L", field.type(), destValue, read(field, dest));
      check
          .beginControlFlow("if ($N == null || $N == null)", srcValue, destValue)
          .addStatement(
              "throw new $T(($N == null ? $S : $S) + $S)",
              NullPointerException.class,
              srcValue,
              srcLabel,
              destLabel,
              "." + label + " is null")
          .endControlFlow();
      if (field.getter().isPresent()) {
        check
            .beginControlFlow("if ($L != $N)", read(field, dest), destValue)
            .addStatement(
                "throw new $T($S)",
                IllegalStateException.class,
                destLabel
                    + "."
                    + field.getter().get()
                    + "() returns a different object on each call (a copy?), so it is not the"
                    + " field "
                    + label
                    + " and nothing could be copied into "
                    + destLabel
                    + "'s own "
                    + (field.kind() == Kind.ARRAY ? "array" : "struct")
                    + "; make "
                    + field.getter().get()
                    + "() return the field itself, or add "
                    + field.name()
                    + " to @CopyExcept")
            .endControlFlow();
      }
      if (field.kind() == Kind.ARRAY) {
        check
            .beginControlFlow("if ($N.length != $N.length)", srcValue, destValue)
            .addStatement(
                "throw new $T($S + $N.length + $S + $N.length + $S)",
                IllegalArgumentException.class,
                "array " + label + " has length ",
                srcValue,
                " in " + srcLabel + " but ",
                destValue,
                " in " + destLabel)
            .endControlFlow();
      } else {
        check.addStatement(
            "$T.check($N, $N)", field.embeddedCopier().orElseThrow(), srcValue, destValue);
      }
    }
    return check.build();
  }

  /**
   * Declares {@code Foo<T> local = (Foo<T>) parameter} in an auxiliary target's method, whose
   * parameters are {@code Object}; returns the local's name.
   */
  private static String typedLocal(
      MethodSpec.Builder method, CopierModel model, String local, String parameter) {
    method.addStatement(
        "$T $N = ($T) $N", model.targetType(), local, model.targetType(), parameter);
    return local;
  }

  /** Whether a final array or struct is reached through its getter, which may return a copy. */
  private static boolean readsInPlaceThroughGetter(CopierModel model) {
    return model.fields().stream()
        .anyMatch(
            f -> (f.kind() == Kind.ARRAY || f.kind() == Kind.EMBEDDED) && f.getter().isPresent());
  }

  /** The expression reading the field of {@code object}. */
  private static CodeBlock read(FieldPlan field, String object) {
    if (field.getter().isPresent()) {
      return CodeBlock.of("$N.$N()", object, field.getter().get());
    }
    if (field.castTo().isPresent()) {
      return CodeBlock.of("(($T) $N).$N", field.castTo().get(), object, field.name());
    }
    return CodeBlock.of("$N.$N", object, field.name());
  }

  private static CodeBlock classJavadoc(CopierModel model) {
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "Copies the fields of {@link $T} from one instance into another, except the"
                    + " excluded ones.\n",
                model.targetName());
    doc.add("\n<p>Copied, topmost superclass first, each class in declaration order:\n<ol>\n");
    if (model.fields().isEmpty()) {
      doc.add("  <li>none\n");
    }
    for (FieldPlan field : model.fields()) {
      doc.add("  <li>{@code $L}", field.name());
      if (!field.declaringClass().equals(model.targetName())) {
        doc.add(" of {@code $L}", field.declaringClass().simpleName());
      }
      doc.add(describe(field)).add("\n");
    }
    doc.add("</ol>\n");
    if (!model.exclusions().isEmpty()) {
      doc.add(
          "\n"
              + "<p>Not copied, every field of each name (the destination keeps its own values):\n"
              + "<ul>\n");
      for (Exclusion exclusion : model.exclusions()) {
        List<String> where = new ArrayList<>();
        exclusion.declaredOn().forEach(c -> where.add("{@code " + c.simpleName() + "}"));
        doc.add(
            "  <li>{@code $L}: excluded by {@code @CopyExcept} on $L\n",
            exclusion.name(),
            String.join(", ", where));
      }
      doc.add("</ul>\n");
    }
    return doc.build();
  }

  private static String describe(FieldPlan field) {
    String how =
        switch (field.kind()) {
          case ASSIGN -> "";
          case ACCESSORS ->
              ", through {@code "
                  + field.getter().orElseThrow()
                  + "()} and {@code "
                  + field.setter().orElseThrow()
                  + "(...)}";
          case ARRAY -> ", a final array: its contents";
          case EMBEDDED ->
              ", a final struct: by value, with {@code "
                  + field.embeddedCopier().orElseThrow().simpleName()
                  + "}";
        };
    String hidden = field.isHidden() ? " (hidden: through a cast)" : "";
    String getter =
        field.kind() != Kind.ACCESSORS && field.getter().isPresent()
            ? " (read through {@code " + field.getter().get() + "()})"
            : "";
    return how + hidden + getter;
  }
}

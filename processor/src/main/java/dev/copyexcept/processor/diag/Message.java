package dev.copyexcept.processor.diag;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor prints: a stable tag, its kind, and its format string.
 *
 * <p>The tag (for example {@code [CopyExcept.unknownField]}) never changes once released, so users
 * can search for it and tests can rely on it; the text may be improved. Every message that has a
 * fix ends with it.
 */
public enum Message {
  /** A name in {@code @CopyExcept} is no instance field, and one field's name is close to it. */
  UNKNOWN_FIELD_SUGGESTION(
      "unknownField",
      Diagnostic.Kind.ERROR,
      "\"%s\" is not an instance field of %s or of its superclasses; did you mean \"%s\"?"),

  /** A name in {@code @CopyExcept} is no instance field, and no field's name is close to it. */
  UNKNOWN_FIELD_LIST(
      "unknownField",
      Diagnostic.Kind.ERROR,
      "\"%s\" is not an instance field of %s or of its superclasses; its instance fields are: %s."
          + " Fix the name or remove it"),

  /** A name is listed twice in one {@code @CopyExcept}. */
  DUPLICATE_NAME(
      "duplicateName",
      Diagnostic.Kind.WARNING,
      "\"%s\" is listed more than once in this @CopyExcept; remove the repetition"),

  /** A name in {@code @CopyExcept} denotes only static fields, which are never copied anyway. */
  STATIC_FIELD(
      "staticField",
      Diagnostic.Kind.WARNING,
      "\"%s\" is a static field of %s, which the copier never touches; remove it from @CopyExcept"),

  /** {@code @CopyExcept} on an interface, enum, annotation type or record. */
  NOT_A_CLASS(
      "notAClass",
      Diagnostic.Kind.ERROR,
      "@CopyExcept applies to classes only, but %s is %s; remove the annotation"),

  /** {@code @CopyExcept} on a private class, or a class nested in a private one. */
  PRIVATE_CLASS(
      "privateClass",
      Diagnostic.Kind.ERROR,
      "%s %s, so its generated copier %s cannot use it; make %s at least package-private"),

  /** A final field that is neither an array nor an embedded {@code @CopyExcept} struct. */
  FINAL_FIELD(
      "finalField",
      Diagnostic.Kind.ERROR,
      "field %s of %s is final and is neither an array nor a @CopyExcept class, so %s cannot"
          + " assign it; add it to @CopyExcept or make it non-final"),

  /** A final embedded struct whose type has wildcard arguments. */
  WILDCARD_STRUCT(
      "wildcardStruct",
      Diagnostic.Kind.ERROR,
      "field %s of %s is the final @CopyExcept struct %s, whose wildcard type arguments let the"
          + " two objects hold different parameterizations, so %s cannot copy one into the other;"
          + " give it concrete type arguments, make it non-final, or add it to @CopyExcept"),

  /**
   * A field the copier's package cannot access, without usable accessors: says which accessor is
   * missing or why the one found does not fit, then only fixes the user can make.
   */
  INACCESSIBLE_FIELD(
      "inaccessibleField",
      Diagnostic.Kind.ERROR,
      "field %s of %s is %s, so %s cannot access it; %s; %s"),

  /** A final embedded struct whose type's copier will not exist. */
  MISSING_COPIER(
      "missingCopier",
      Diagnostic.Kind.ERROR,
      "field %s of %s is the final @CopyExcept struct %s, but %s will not exist: %s, so %s cannot"
          + " copy it by value; %s, make the field non-final, or add it to @CopyExcept"),

  /** A superclass is a JDK class, whose state the copier cannot see or copy. */
  JDK_SUPERCLASS(
      "jdkSuperclass",
      Diagnostic.Kind.ERROR,
      "%s extends %s%s, a JDK class: its fields are the JDK's private state, which %s cannot"
          + " copy (and which javac does not even see when compiling with --release), so a copier"
          + " would silently copy only part of the object; extend java.lang.Object or a class of"
          + " your own instead (holding the %s in a field), or remove @CopyExcept"),

  /**
   * A superclass field that cannot be copied was reported on the field; the subclass points at it
   * instead of repeating it.
   */
  INHERITED_FIELD_ERROR(
      "inheritedFieldError",
      Diagnostic.Kind.ERROR,
      "%s gets no copier: %s cannot be copied (see the errors on those fields); fix them there,"
          + " or add them to @CopyExcept of %s"),

  /** A class embeds itself by value through final {@code @CopyExcept} fields. */
  EMBEDDED_CYCLE(
      "embeddedCycle",
      Diagnostic.Kind.ERROR,
      "%s embeds itself by value through final @CopyExcept fields (%s), so a copy could never"
          + " end; make one of these fields non-final or add it to @CopyExcept"),

  /** The copier's name is already taken by a type in this compilation. */
  COPIER_NAME_TAKEN(
      "copierNameTaken",
      Diagnostic.Kind.ERROR,
      "the copier of %s would be %s, but a type of that name already exists in this compilation;"
          + " rename that type"),

  /** Two annotated classes map to the same copier name. */
  COPIER_NAME_CLASH(
      "copierNameClash",
      Diagnostic.Kind.ERROR,
      "%s and %s both map to the copier name %s; rename one of them"),

  /** A type the class needs was still missing when processing ended. */
  UNRESOLVED_TYPE(
      "unresolvedType",
      Diagnostic.Kind.ERROR,
      "no copier was generated for %s because %s could not be resolved; fix or generate the"
          + " missing type"),

  /** The {@code Filer} refused to write the copier. */
  WRITE_FAILED(
      "writeFailed",
      Diagnostic.Kind.ERROR,
      "could not write %s for %s: %s; make sure no other tool generates a type of that name"),

  /** An unexpected exception inside the processor. */
  INTERNAL_ERROR(
      "internalError",
      Diagnostic.Kind.ERROR,
      "the @CopyExcept processor failed unexpectedly on %s; this is a bug, please report it with"
          + " this message and the class's source. Other classes were still processed.%n%s");

  private final String tag;
  private final Diagnostic.Kind kind;
  private final String format;

  Message(String tag, Diagnostic.Kind kind, String format) {
    this.tag = tag;
    this.kind = kind;
    this.format = format;
  }

  /** The stable tag, with its brackets, that starts every printed message of this entry. */
  public String tag() {
    return "[CopyExcept." + tag + "]";
  }

  /** Whether this message is an error, a warning or a note. */
  public Diagnostic.Kind kind() {
    return kind;
  }

  /** The complete text: the tag, then the format string applied to {@code args}. */
  public String format(Object... args) {
    return tag() + " " + String.format(Locale.ROOT, format, args);
  }
}

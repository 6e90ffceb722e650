package dev.copyexcept.processor.scan;

import com.palantir.javapoet.ClassName;
import dev.copyexcept.processor.util.Names;
import dev.copyexcept.processor.util.TypeElements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads an annotated class into a {@link ScannedType}. Its only state besides the compiler utils is
 * a per-round cache of each package's type names ({@link #startRound()}).
 */
public final class TypeScanner {
  /** The qualified name of the annotation. */
  public static final String ANNOTATION_NAME = "dev.copyexcept.CopyExcept";

  /** What javac's {@code AnnotationValue.getValue()} returns for an unresolvable constant. */
  private static final String JAVAC_ERROR_PLACEHOLDER = "<error>";

  private final Elements elements;
  private final Types types;

  /**
   * The sorted simple names of each package's top-level types, by package name, for this round.
   * Computed once per package instead of once per class: listing a package of N annotated classes
   * for each of them made the scan quadratic (measured: benchmarks/compile-cost.sh, N = 2000).
   */
  private final Map<String, List<String>> packageTypeNames = new HashMap<>();

  /** A scanner using the compiler's utilities. */
  public TypeScanner(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * Forgets what the previous round cached: a round may add types (generated ones) to a package.
   * The processor calls it at the start of each round.
   */
  public void startRound() {
    packageTypeNames.clear();
  }

  /** The class's {@code @CopyExcept}, if it has one. */
  public static Optional<AnnotationMirror> annotationOf(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      Element type = mirror.getAnnotationType().asElement();
      if (type instanceof TypeElement t && t.getQualifiedName().contentEquals(ANNOTATION_NAME)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /**
   * The copier's name: the class's package, its enclosing classes' simple names and its own joined
   * with {@code _}, then {@code Copier}.
   */
  public static ClassName copierName(TypeElement type) {
    List<String> names = new ArrayList<>();
    for (TypeElement t : TypeElements.enclosingTypes(type)) {
      names.add(0, t.getSimpleName().toString());
    }
    String pkg = TypeElements.packageOf(type).getQualifiedName().toString();
    return ClassName.get(pkg, String.join("_", names) + "Copier");
  }

  /**
   * Scans {@code target}, which must carry {@code @CopyExcept} and be a class. Any superclass or
   * field type that is an error type ends up in {@link ScannedType#unresolved()}.
   */
  public ScannedType scan(TypeElement target) {
    DeclaredType targetType = (DeclaredType) target.asType();
    List<String> unresolved = new ArrayList<>();
    typeParameterBounds(target, unresolved);

    // The hierarchy, the annotated class first; reversed below to get the layout order.
    List<DeclaredType> levels = new ArrayList<>();
    Optional<TypeElement> jdkSuperclass = Optional.empty();
    DeclaredType level = targetType;
    while (level != null) {
      TypeElement element = (TypeElement) level.asElement();
      if (element.getQualifiedName().contentEquals("java.lang.Object")) {
        break;
      }
      if (!element.equals(target) && isJdkClass(element)) {
        // Its state is the JDK's own, and under --release not even visible (ct.sym has no
        // non-public members): the walk stops here, and validation refuses the class.
        jdkSuperclass = Optional.of(element);
        break;
      }
      levels.add(level);
      TypeMirror superclass = element.getSuperclass();
      if (containsErrorType(superclass)) {
        unresolved.add(superclass + " (the superclass of " + element.getQualifiedName() + ")");
        break;
      }
      level = superclass.getKind() == TypeKind.DECLARED ? superclassOf(level) : null;
    }
    Collections.reverse(levels);

    // Names declared by each level and the levels below it decide which fields are hidden.
    List<Set<String>> namesBelow = new ArrayList<>();
    Set<String> below = new HashSet<>();
    for (int i = levels.size() - 1; i >= 0; i--) {
      namesBelow.add(0, Set.copyOf(below));
      for (VariableElement f : fieldsOf(levels.get(i))) {
        below.add(f.getSimpleName().toString());
      }
    }

    // The list keeps the compiler's order for the accessor search; the set answers "is a member".
    List<Element> members = List.copyOf(elements.getAllMembers(target));
    Set<Element> memberSet = new HashSet<>(members);
    PackageElement pkg = TypeElements.packageOf(target);
    List<ExcludedName> inherited = new ArrayList<>();
    List<ExcludedName> own = new ArrayList<>();
    List<ScannedField> fields = new ArrayList<>();
    for (int i = 0; i < levels.size(); i++) {
      DeclaredType declaringType = levels.get(i);
      TypeElement declaring = (TypeElement) declaringType.asElement();
      annotationOf(declaring)
          .ifPresent(
              m ->
                  names(
                      declaring,
                      m,
                      elements.getElementValuesWithDefaults(m),
                      declaring.equals(target) ? own : inherited,
                      unresolved));
      for (VariableElement field : fieldsOf(declaringType)) {
        // As a member of its own level (with the type arguments the target gives it), not of the
        // target: ecj's asMemberOf looks a field up by name, and for a hidden field it would find
        // the subclass's field of that name.
        TypeMirror type = types.asMemberOf(declaringType, field);
        if (containsErrorType(type)) {
          unresolved.add(
              type + " (the type of field " + declaring.getQualifiedName() + "." + field + ")");
        }
        fields.add(field(field, levels, i, type, namesBelow.get(i), members, memberSet, pkg));
      }
    }
    return new ScannedType(
        target,
        targetType,
        annotationOf(target).orElseThrow(),
        copierName(target),
        own,
        inherited,
        fields,
        unresolved,
        jdkSuperclass,
        enclosingChainDeprecated(target),
        packageTypeNames(pkg));
  }

  private List<String> packageTypeNames(PackageElement pkg) {
    return packageTypeNames.computeIfAbsent(
        pkg.getQualifiedName().toString(),
        // List.copyOf: a null-hostile immutable list, which the List.copyOf of ScannedType and
        // CopierModel return as is instead of copying it for every class (Stream.toList would be
        // copied: it allows nulls).
        name ->
            List.copyOf(
                ElementFilter.typesIn(pkg.getEnclosedElements()).stream()
                    .map(type -> type.getSimpleName().toString())
                    .sorted()
                    .toList()));
  }

  /**
   * Whether the class belongs to the JDK: a class of a {@code java.*} or {@code jdk.*} module, or
   * (when compiling without modules) of a {@code java.*} package, which no user class may declare.
   */
  private boolean isJdkClass(TypeElement type) {
    ModuleElement module = elements.getModuleOf(type);
    if (module != null && !module.isUnnamed()) {
      String name = module.getQualifiedName().toString();
      return name.startsWith("java.") || name.startsWith("jdk.");
    }
    return TypeElements.packageOf(type).getQualifiedName().toString().startsWith("java.");
  }

  private boolean enclosingChainDeprecated(TypeElement type) {
    return TypeElements.enclosingTypes(type).stream().anyMatch(elements::isDeprecated);
  }

  private ScannedField field(
      VariableElement field,
      List<DeclaredType> levels,
      int level,
      TypeMirror type,
      Set<String> namesBelow,
      List<Element> members,
      Set<Element> memberSet,
      PackageElement pkg) {
    DeclaredType targetType = levels.get(levels.size() - 1);
    TypeElement declaring = (TypeElement) levels.get(level).asElement();
    Set<Modifier> modifiers = field.getModifiers();
    String name = field.getSimpleName().toString();
    // A field not among the class's members (hidden, or not inherited across packages) is
    // reachable only through a cast.
    boolean shadowed = namesBelow.contains(name);
    boolean hidden = shadowed || !memberSet.contains(field);
    Optional<DeclaredType> castType =
        hidden ? castType(field, levels, level, pkg) : Optional.empty();
    boolean direct = isAccessible(field, declaring, pkg) && (!hidden || castType.isPresent());
    Optional<ExecutableElement> getter = Optional.empty();
    Optional<ExecutableElement> setter = Optional.empty();
    Optional<AccessorMisfit> getterMisfit = Optional.empty();
    Optional<AccessorMisfit> setterMisfit = Optional.empty();
    if (!direct && !modifiers.contains(Modifier.STATIC)) {
      getter = accessor(field, type, shadowed, members, pkg, targetType, true);
      setter = accessor(field, type, shadowed, members, pkg, targetType, false);
      if (getter.isEmpty()) {
        getterMisfit = misfit(field, type, members, pkg, targetType, true);
      }
      if (setter.isEmpty()) {
        setterMisfit = misfit(field, type, members, pkg, targetType, false);
      }
    }
    return new ScannedField(
        field,
        declaring,
        castType,
        type,
        isNameable(type, pkg),
        modifiers.contains(Modifier.STATIC),
        modifiers.contains(Modifier.FINAL),
        embeddedStruct(type, pkg),
        hidden,
        direct,
        getter,
        setter,
        getterMisfit,
        setterMisfit,
        elements.isDeprecated(field)
            || elements.isDeprecated(declaring)
            || getter.map(elements::isDeprecated).orElse(false)
            || setter.map(elements::isDeprecated).orElse(false)
            || (baseType(type) instanceof DeclaredType d && elements.isDeprecated(d.asElement())));
  }

  /**
   * The class to cast to for a hidden field: the first class, from the declaring one down towards
   * the annotated class, that the copier can name and that has the field as a member, before a
   * field of the same name hides it. A public field of a package-private class in another package
   * is reached through its public subclass.
   */
  private Optional<DeclaredType> castType(
      VariableElement field, List<DeclaredType> levels, int level, PackageElement pkg) {
    for (int j = level; j < levels.size(); j++) {
      TypeElement candidate = (TypeElement) levels.get(j).asElement();
      if (j > level
          && fieldsOf(levels.get(j)).stream()
              .anyMatch(f -> f.getSimpleName().equals(field.getSimpleName()))) {
        break;
      }
      if (isTypeAccessible(candidate, pkg)
          && (j == level || elements.getAllMembers(candidate).contains(field))) {
        return Optional.of(levels.get(j));
      }
    }
    return Optional.empty();
  }

  /** The class of an array's innermost component, or of the type itself. */
  private static TypeMirror baseType(TypeMirror type) {
    return type instanceof ArrayType array ? baseType(array.getComponentType()) : type;
  }

  /**
   * A getter ({@code getF()}, or {@code isF()} for a boolean) or setter ({@code setF(T)}) of the
   * field among the class's members, accessible from the copier. A shadowed field's accessor must
   * be declared next to the field and not be overridden, or it would reach the shadowing field.
   */
  private Optional<ExecutableElement> accessor(
      VariableElement field,
      TypeMirror fieldType,
      boolean shadowed,
      List<Element> members,
      PackageElement pkg,
      DeclaredType targetType,
      boolean getter) {
    String suffix = Names.capitalize(field.getSimpleName().toString());
    boolean isBoolean =
        fieldType.getKind() == TypeKind.BOOLEAN || fieldType.toString().equals("java.lang.Boolean");
    for (ExecutableElement method : ElementFilter.methodsIn(members)) {
      String name = method.getSimpleName().toString();
      if (method.getModifiers().contains(Modifier.STATIC)
          || (shadowed && !method.getEnclosingElement().equals(field.getEnclosingElement()))
          || !isAccessible(method, (TypeElement) method.getEnclosingElement(), pkg)) {
        continue;
      }
      ExecutableType signature = (ExecutableType) types.asMemberOf(targetType, method);
      if (getter
          && (name.equals("get" + suffix) || (isBoolean && name.equals("is" + suffix)))
          && method.getParameters().isEmpty()
          && types.isSameType(signature.getReturnType(), fieldType)) {
        return Optional.of(method);
      }
      if (!getter
          && name.equals("set" + suffix)
          && method.getParameters().size() == 1
          && types.isSameType(signature.getParameterTypes().get(0), fieldType)) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }

  /**
   * When no getter (or setter) fits: the first member named like one, and why it does not fit, so
   * the message can say so instead of claiming there is none.
   */
  private Optional<AccessorMisfit> misfit(
      VariableElement field,
      TypeMirror fieldType,
      List<Element> members,
      PackageElement pkg,
      DeclaredType targetType,
      boolean getter) {
    String suffix = Names.capitalize(field.getSimpleName().toString());
    for (ExecutableElement method : ElementFilter.methodsIn(members)) {
      String name = method.getSimpleName().toString();
      boolean named =
          getter
              ? name.equals("get" + suffix) || name.equals("is" + suffix)
              : name.equals("set" + suffix);
      if (!named) {
        continue;
      }
      ExecutableType signature = (ExecutableType) types.asMemberOf(targetType, method);
      String written =
          name
              + "("
              + String.join(
                  ", ", signature.getParameterTypes().stream().map(TypeMirror::toString).toList())
              + ")";
      Set<Modifier> modifiers = method.getModifiers();
      if (modifiers.contains(Modifier.STATIC)) {
        return Optional.of(new AccessorMisfit(written, AccessorMisfit.Reason.STATIC, ""));
      }
      if (!isAccessible(method, (TypeElement) method.getEnclosingElement(), pkg)) {
        String access =
            modifiers.contains(Modifier.PRIVATE)
                ? "private"
                : modifiers.contains(Modifier.PROTECTED)
                    ? "protected (in another package)"
                    : "package-private (in another package)";
        return Optional.of(new AccessorMisfit(written, AccessorMisfit.Reason.INACCESSIBLE, access));
      }
      int parameters = method.getParameters().size();
      if (getter ? parameters != 0 : parameters != 1) {
        return Optional.of(new AccessorMisfit(written, AccessorMisfit.Reason.PARAMETERS, ""));
      }
      TypeMirror actual = getter ? signature.getReturnType() : signature.getParameterTypes().get(0);
      if (!types.isSameType(actual, fieldType)) {
        return Optional.of(
            new AccessorMisfit(written, AccessorMisfit.Reason.TYPE, actual.toString()));
      }
    }
    return Optional.empty();
  }

  private Optional<TypeElement> embeddedStruct(TypeMirror type, PackageElement pkg) {
    if (type.getKind() == TypeKind.DECLARED
        && isNameable(type, pkg)
        && ((DeclaredType) type).asElement() instanceof TypeElement element
        && element.getKind() == ElementKind.CLASS
        && annotationOf(element).isPresent()) {
      return Optional.of(element);
    }
    return Optional.empty();
  }

  /**
   * Reads the strings of one {@code @CopyExcept}. A value that is not a string constant (javac
   * gives its placeholder {@code "<error>"} for a constant it could not resolve, which a later
   * round may still generate) makes the class unresolved rather than producing a bogus name.
   */
  private static void names(
      TypeElement declaring,
      AnnotationMirror mirror,
      Map<? extends ExecutableElement, ? extends AnnotationValue> values,
      List<ExcludedName> out,
      List<String> unresolved) {
    values.forEach(
        (method, value) -> {
          if (!method.getSimpleName().contentEquals("value")) {
            return;
          }
          List<?> items = value.getValue() instanceof List<?> list ? list : List.of(value);
          for (Object item : items) {
            if (item instanceof AnnotationValue v
                && v.getValue() instanceof String s
                && !s.equals(JAVAC_ERROR_PLACEHOLDER)) {
              out.add(new ExcludedName(s, declaring, mirror, v));
            } else {
              unresolved.add("a value of @CopyExcept on " + declaring.getQualifiedName());
            }
          }
        });
  }

  /**
   * Adds the bounds of the class's type parameters, and of its enclosing classes' (which an inner
   * class's copier declares too), that are not resolved.
   */
  private static void typeParameterBounds(TypeElement target, List<String> unresolved) {
    for (TypeElement type : TypeElements.enclosingTypes(target)) {
      for (TypeParameterElement parameter : type.getTypeParameters()) {
        for (TypeMirror bound : parameter.getBounds()) {
          if (containsErrorType(bound)) {
            unresolved.add(
                bound + " (a bound of " + parameter + " in " + type.getQualifiedName() + ")");
          }
        }
      }
    }
  }

  private DeclaredType superclassOf(DeclaredType type) {
    // directSupertypes substitutes type arguments (Base<T> seen from Foo<String> is Base<String>);
    // for a class the superclass comes first.
    for (TypeMirror supertype : types.directSupertypes(type)) {
      if (supertype.getKind() == TypeKind.DECLARED
          && ((DeclaredType) supertype).asElement().getKind() != ElementKind.INTERFACE) {
        return (DeclaredType) supertype;
      }
    }
    return null;
  }

  private static List<VariableElement> fieldsOf(DeclaredType type) {
    return ElementFilter.fieldsIn(type.asElement().getEnclosedElements());
  }

  /** Whether code in {@code pkg} outside the class can use the member. */
  private static boolean isAccessible(Element member, TypeElement declaring, PackageElement pkg) {
    Set<Modifier> modifiers = member.getModifiers();
    return modifiers.contains(Modifier.PUBLIC)
        || (!modifiers.contains(Modifier.PRIVATE) && TypeElements.packageOf(declaring).equals(pkg));
  }

  /** Whether code in {@code pkg} can name the type (in a cast). */
  private static boolean isTypeAccessible(TypeElement type, PackageElement pkg) {
    return TypeElements.enclosingTypes(type).stream().allMatch(t -> isAccessible(t, t, pkg));
  }

  /** Whether code in {@code pkg} can write the type down. */
  private static boolean isNameable(TypeMirror type, PackageElement pkg) {
    switch (type.getKind()) {
      case BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, TYPEVAR:
        return true;
      case ARRAY:
        return isNameable(((ArrayType) type).getComponentType(), pkg);
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        if (!isTypeAccessible((TypeElement) declared.asElement(), pkg)) {
          return false;
        }
        for (TypeMirror argument : declared.getTypeArguments()) {
          if (!isNameable(argument, pkg)) {
            return false;
          }
        }
        return true;
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        return (wildcard.getExtendsBound() == null || isNameable(wildcard.getExtendsBound(), pkg))
            && (wildcard.getSuperBound() == null || isNameable(wildcard.getSuperBound(), pkg));
      default:
        return false;
    }
  }

  private static boolean containsErrorType(TypeMirror type) {
    switch (type.getKind()) {
      case ERROR:
        return true;
      case ARRAY:
        return containsErrorType(((ArrayType) type).getComponentType());
      case DECLARED:
        // Outer<Missing>.Inner: the enclosing type counts too.
        if (containsErrorType(((DeclaredType) type).getEnclosingType())) {
          return true;
        }
        for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
          if (containsErrorType(argument)) {
            return true;
          }
        }
        return false;
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        return (wildcard.getExtendsBound() != null && containsErrorType(wildcard.getExtendsBound()))
            || (wildcard.getSuperBound() != null && containsErrorType(wildcard.getSuperBound()));
      default:
        return false;
    }
  }
}

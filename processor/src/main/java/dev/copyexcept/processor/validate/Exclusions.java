package dev.copyexcept.processor.validate;

import com.palantir.javapoet.ClassName;
import dev.copyexcept.processor.scan.ExcludedName;
import dev.copyexcept.processor.scan.ScannedField;
import dev.copyexcept.processor.scan.ScannedType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What validation and the model both need to know about the names a class excludes. */
final class Exclusions {
  private Exclusions() {}

  /** The names of the instance fields of the class and its superclasses, in layout order. */
  static Set<String> instanceFieldNames(ScannedType scan) {
    Set<String> names = new LinkedHashSet<>();
    for (ScannedField field : scan.fields()) {
      if (!field.isStatic()) {
        names.add(field.name());
      }
    }
    return names;
  }

  /**
   * Exclusions are inherited: every name of the hierarchy that denotes an instance field, each with
   * every class listing it, topmost superclass first.
   */
  static Map<String, List<ClassName>> excluded(ScannedType scan) {
    Set<String> instanceNames = instanceFieldNames(scan);
    Map<String, List<ClassName>> excluded = new LinkedHashMap<>();
    List<ExcludedName> all = new ArrayList<>(scan.inheritedNames());
    all.addAll(scan.ownNames());
    for (ExcludedName name : all) {
      if (instanceNames.contains(name.name())) {
        List<ClassName> on = excluded.computeIfAbsent(name.name(), n -> new ArrayList<>());
        ClassName declaredOn = ClassName.get(name.declaredOn());
        if (!on.contains(declaredOn)) {
          on.add(declaredOn);
        }
      }
    }
    return excluded;
  }

  /** Whether the field is copied at all: an instance field whose name is not excluded. */
  static boolean isCopied(ScannedField field, Set<String> excluded) {
    return !field.isStatic() && !excluded.contains(field.name());
  }
}

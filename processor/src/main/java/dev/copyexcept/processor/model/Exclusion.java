package dev.copyexcept.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * A name the copier leaves untouched, and every class whose {@code @CopyExcept} lists it.
 *
 * @param name the excluded field name (all fields of that name in the hierarchy)
 * @param declaredOn the annotated classes listing the name, topmost superclass first
 */
public record Exclusion(String name, List<ClassName> declaredOn) {
  /** Defensive copy, so the record is immutable. */
  public Exclusion {
    declaredOn = List.copyOf(declaredOn);
  }
}

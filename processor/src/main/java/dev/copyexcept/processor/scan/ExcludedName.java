package dev.copyexcept.processor.scan;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;

/**
 * One string of a {@code @CopyExcept}, with where it was written.
 *
 * @param name the string
 * @param declaredOn the annotated class
 * @param mirror the annotation
 * @param value the array element holding the string, to point diagnostics at it
 */
public record ExcludedName(
    String name, TypeElement declaredOn, AnnotationMirror mirror, AnnotationValue value) {}

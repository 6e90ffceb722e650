package dev.copyexcept.processor.diag;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * One diagnostic not yet printed: a catalogue entry, its arguments, and where it goes (an element,
 * one of its annotations, or one value of that annotation, as precisely as the finder could say).
 *
 * @param message the catalogue entry
 * @param element the element the diagnostic is printed on
 * @param annotation the annotation of {@code element} it is printed on, if any
 * @param value the value of {@code annotation} it is printed on, if any
 * @param args the arguments of the entry's format string, in order
 */
public record Problem(
    Message message,
    Element element,
    Optional<AnnotationMirror> annotation,
    Optional<AnnotationValue> value,
    List<Object> args) {

  /** An unmodifiable copy of the arguments; an argument may be null (a missing detail). */
  public Problem {
    if (value.isPresent() && annotation.isEmpty()) {
      throw new IllegalArgumentException("a value is placed within its annotation");
    }
    args = Collections.unmodifiableList(Arrays.asList(args.toArray()));
  }

  /** {@code message} on {@code element}. */
  public static Problem on(Element element, Message message, Object... args) {
    return new Problem(message, element, Optional.empty(), Optional.empty(), Arrays.asList(args));
  }

  /** {@code message} on the annotation {@code mirror} of {@code element}. */
  public static Problem on(
      Element element, AnnotationMirror mirror, Message message, Object... args) {
    return new Problem(
        message, element, Optional.of(mirror), Optional.empty(), Arrays.asList(args));
  }

  /** {@code message} on the value {@code value} of the annotation {@code mirror}. */
  public static Problem on(
      Element element,
      AnnotationMirror mirror,
      AnnotationValue value,
      Message message,
      Object... args) {
    return new Problem(
        message, element, Optional.of(mirror), Optional.of(value), Arrays.asList(args));
  }

  /** Whether this is an error, which costs the class its copier. */
  public boolean isError() {
    return message.kind() == Diagnostic.Kind.ERROR;
  }

  /** The complete text, tag first. */
  public String text() {
    return message.format(args.toArray());
  }
}

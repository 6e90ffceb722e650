package dev.copyexcept.processor.diag;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints catalogue messages through the {@link Messager}, as precisely placed as the caller can: on
 * an element, on one of its annotations, or on one value of that annotation.
 *
 * <p>It also counts the errors it printed, so the processor can tell whether a type validated
 * cleanly.
 */
public final class Reporter {
  private final Messager messager;
  private int errorCount;

  /** A reporter printing through {@code messager}. */
  public Reporter(Messager messager) {
    this.messager = messager;
  }

  /** Prints {@code message} on {@code element}. */
  public void report(Element element, Message message, Object... args) {
    count(message);
    messager.printMessage(message.kind(), message.format(args), element);
  }

  /** Prints {@code message} on the annotation {@code mirror} of {@code element}. */
  public void report(Element element, AnnotationMirror mirror, Message message, Object... args) {
    count(message);
    messager.printMessage(message.kind(), message.format(args), element, mirror);
  }

  /** Prints {@code message} on the value {@code value} of the annotation {@code mirror}. */
  public void report(
      Element element,
      AnnotationMirror mirror,
      AnnotationValue value,
      Message message,
      Object... args) {
    count(message);
    messager.printMessage(message.kind(), message.format(args), element, mirror, value);
  }

  /** How many errors this reporter has printed so far. */
  public int errorCount() {
    return errorCount;
  }

  private void count(Message message) {
    if (message.kind() == Diagnostic.Kind.ERROR) {
      errorCount++;
    }
  }
}

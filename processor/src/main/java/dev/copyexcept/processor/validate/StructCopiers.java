package dev.copyexcept.processor.validate;

import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * Whether the copier of an embedded {@code @CopyExcept} struct will exist when the embedding
 * class's copier is compiled: the processor knows which classes of this compilation failed, and
 * whether a class from a class file has its copier beside it.
 */
@FunctionalInterface
public interface StructCopiers {
  /**
   * Why the copier of {@code struct} will not exist, as a clause ({@code "q.A has errors of its
   * own"}) and the fix; empty when it will exist.
   */
  Optional<Missing> whyMissing(TypeElement struct);

  /**
   * A copier that will not exist.
   *
   * @param reason why, as a clause of the message
   * @param fix what the user can do about the struct
   */
  record Missing(String reason, String fix) {}
}

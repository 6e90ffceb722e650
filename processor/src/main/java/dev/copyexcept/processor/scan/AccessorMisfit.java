package dev.copyexcept.processor.scan;

/**
 * A method named like a field's getter or setter that cannot serve as one, and why: what the
 * message says instead of claiming that there is no accessor at all.
 *
 * @param accessor the method as the user wrote it, such as {@code getRange()} or {@code
 *     setRange(p.Range)}
 * @param reason why it does not fit
 * @param detail the fact behind the reason: the type it returns or takes, or its access
 */
public record AccessorMisfit(String accessor, Reason reason, String detail) {
  /** Why a method named like an accessor is not one. */
  public enum Reason {
    /** It is static. */
    STATIC,
    /** The copier cannot call it; {@code detail} is its access ({@code private}, ...). */
    INACCESSIBLE,
    /** A getter with parameters, or a setter without exactly one. */
    PARAMETERS,
    /** The getter returns, or the setter takes, another type; {@code detail} is that type. */
    TYPE
  }

  /** The phrase for a message: {@code getRange() returns java.util.Optional<p.Range>}. */
  public String describe(String fieldType, boolean getter) {
    return switch (reason) {
      case STATIC -> accessor + " is static";
      case INACCESSIBLE -> accessor + " is " + detail;
      case PARAMETERS ->
          accessor + (getter ? " takes parameters" : " does not take exactly one parameter");
      case TYPE -> accessor + (getter ? " returns " : " takes ") + detail + ", not " + fieldType;
    };
  }
}

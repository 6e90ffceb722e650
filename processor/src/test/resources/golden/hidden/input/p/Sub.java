package p;

import dev.copyexcept.CopyExcept;

/**
 * Hides the fields of Base: count and label are copied twice, Base's through a cast or its
 * accessors; the one name "generation" excludes both fields of that name.
 */
@CopyExcept("generation")
public class Sub extends Base {
  int count;
  int generation;
  String label;
}

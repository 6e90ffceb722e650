package p;

import dev.copyexcept.CopyExcept;

/** Hides both fields of Base; all four are copied, Base's through a cast or its accessors. */
@CopyExcept
public class Sub extends Base {
  int count;
  String label;
}

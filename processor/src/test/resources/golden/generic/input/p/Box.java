package p;

import dev.copyexcept.CopyExcept;
import java.util.List;

/** Type parameters with bounds are carried over to the copier's methods. */
@CopyExcept
public class Box<T extends Number, L extends List<? super T>> {
  T value;
  L sinks;
  final T[] history;

  Box(T[] history) {
    this.history = history;
  }
}

package p;

import dev.copyexcept.CopyExcept;
import java.util.List;

/** Every kind of plain field: primitives, references, volatile, transient, and a static. */
@CopyExcept("refcnt")
public class Plain {
  static int instances;

  boolean flag;
  byte b;
  short s;
  char c;
  int refcnt;
  long start;
  float f;
  double d;
  String name;
  List<String> tags;
  volatile int state;
  transient Object cache;
}

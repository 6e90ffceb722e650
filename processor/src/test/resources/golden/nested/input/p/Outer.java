package p;

import dev.copyexcept.CopyExcept;

public class Outer {
  /** Public and nested in a public class: a public Outer_InnerCopier. */
  @CopyExcept
  public static class Inner {
    int x;
  }

  static class Mid {
    /** An inner (non-static) class in a package-private class: a package-private copier. */
    @CopyExcept
    class Deep {
      int y;
    }
  }
}

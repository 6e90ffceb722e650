package it.copyexcept;

import java.util.List;

/** Run by the integration test: fails unless VmaCopier copies every field but refcnt. */
public final class CheckCopier {
  public static void main(String[] args) {
    Vma<String> src = new Vma<>();
    src.flags = 5;
    src.generation = 6;
    src.pages[1] = 7;
    src.range.start = 8;
    src.range.end = 9;
    src.names = List.of("a");
    src.key = "k";
    src.refcnt = 10;
    src.setLabel("label");
    Vma<String> dest = new Vma<>();
    Segment destRange = dest.range;
    VmaCopier.copy(src, dest);
    boolean ok =
        dest.flags == 5
            && dest.generation == 6
            && dest.pages[1] == 7
            && dest.pages != src.pages
            && dest.range == destRange
            && dest.range.start == 8
            && dest.range.end == 9
            && dest.names == src.names
            && "k".equals(dest.key)
            && "label".equals(dest.getLabel())
            && dest.refcnt == 0;
    if (!ok) {
      throw new AssertionError("VmaCopier did not copy every field but refcnt");
    }
    System.out.println("ok: VmaCopier copied every field but refcnt");
  }
}

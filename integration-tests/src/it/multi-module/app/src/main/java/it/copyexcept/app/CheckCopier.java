package it.copyexcept.app;

/** Run by the integration test: fails unless VmaCopier honours Node's exclusion from the jar. */
public final class CheckCopier {
  public static void main(String[] args) {
    Vma src = new Vma();
    src.key = 1;
    src.refcnt = 2;
    src.setFlags(3);
    src.start = 4;
    src.cache = new Object();
    Vma dest = new Vma();
    VmaCopier.copy(src, dest);
    if (dest.key != 1 || dest.getFlags() != 3 || dest.start != 4) {
      throw new AssertionError("VmaCopier did not copy key, flags and start");
    }
    if (dest.refcnt != 0 || dest.cache != null) {
      throw new AssertionError("VmaCopier copied refcnt (excluded in base's jar) or cache");
    }
    System.out.println("ok: VmaCopier copied key, flags, start; kept refcnt (from base) and cache");
  }
}

package it.copyexcept.jpms;

/** Run on the module path by the integration test: fails unless FrameCopier copies as declared. */
public final class CheckCopier {
  public static void main(String[] args) {
    if (!CheckCopier.class.getModule().isNamed()) {
      throw new AssertionError("not running on the module path");
    }
    Frame src = new Frame();
    src.width = 640;
    src.height = 480;
    src.pixels[3] = 9;
    src.owner = Thread.currentThread();
    Frame dest = new Frame();
    FrameCopier.copy(src, dest);
    if (dest.width != 640 || dest.height != 480 || dest.pixels[3] != 9 || dest.owner != null) {
      throw new AssertionError("FrameCopier did not copy width, height, pixels and keep owner");
    }
    System.out.println(
        "ok: module " + CheckCopier.class.getModule().getName() + ": FrameCopier copied as declared");
  }
}

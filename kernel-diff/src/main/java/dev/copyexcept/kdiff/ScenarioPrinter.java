package dev.copyexcept.kdiff;

import dev.copyexcept.example.mm.Errno;
import java.util.List;

/**
 * Prints a sequence as a ready-to-paste JUnit scenario test of the model (for {@code
 * example/src/test/java/dev/copyexcept/example/mm/}): the calls with Linux's answers as the
 * expected values, then the window as Linux showed it after the last call (maps lines, the modelled
 * VmFlags, the residency of the touched pages). The model fails it where it diverges.
 */
final class ScenarioPrinter {
  private ScenarioPrinter() {}

  static String print(String name, String origin, Runner.Trace t, List<Op> ops, Sides s) {
    StringBuilder b = new StringBuilder();
    b.append("package dev.copyexcept.example.mm;\n\n");
    b.append("import static dev.copyexcept.example.mm.Mman.*;\n");
    b.append("import static org.junit.jupiter.api.Assertions.assertEquals;\n\n");
    b.append(
        "import java.util.ArrayList;\nimport java.util.List;\nimport org.junit.jupiter.api.Test;\n\n");
    b.append("/** ").append(origin).append(" */\n");
    b.append("class ").append(name).append(" {\n");
    b.append("  /** The window's address in the run that found it (any free address works). */\n");
    b.append("  static final long W = ").append(Op.lit(t.w())).append(";\n\n");
    b.append("  @Test\n  void linuxAgrees() {\n");
    b.append("    try (Kernel kernel = Kernel.builder().build()) {\n");
    b.append("      MmStruct mm = kernel.newMm();\n");
    for (int i = 0; i < Sides.FILE_NAMES.length; i++) {
      b.append("      VmFile ")
          .append(Sides.FILE_VARS[i])
          .append(" = new VmFile(\"")
          .append(Sides.linuxName(i))
          .append("\", ")
          .append(Sides.FILE_SIZES[i])
          .append(");\n");
    }
    b.append("      assertEquals(W, mm.mmap(W, ")
        .append(Op.lit(s.window.size()))
        .append(", PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED));\n");
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      SysResult r = t.answers().get(i);
      if (op instanceof Op.Touch) {
        b.append("      assertEquals(")
            .append(r.value() == Op.Touch.HANDLED ? "true" : "false")
            .append(", ")
            .append(op.java(s))
            .append(".handled());")
            .append(
                r.value() == Op.Touch.HANDLED
                    ? " // made on Linux too\n"
                    : " // not made on Linux\n");
      } else {
        b.append("      assertEquals(")
            .append(expected(op, r, s))
            .append(", ")
            .append(op.java(s))
            .append(");\n");
      }
    }
    b.append(
        "      // the window as Linux showed it: start-end (from W) perms offset name [VmFlags]\n");
    b.append("      assertEquals(\n          List.of(");
    for (int i = 0; i < t.maps().size(); i++) {
      b.append(i == 0 ? "\n" : ",\n")
          .append("              \"")
          .append(t.maps().get(i).show(t.w()))
          .append("\"");
    }
    b.append("),\n          window(mm));\n");
    for (long[] res : t.residency()) {
      b.append("      assertEquals(")
          .append(res[1] == 0 ? Long.toString(1 + res[2]) : "-Errno." + Errno.name(res[1]))
          .append(", mincore(mm, ")
          .append(Op.at(s, res[0]))
          .append(")); // Linux: ")
          .append(res[1] == 0 ? "resident " + res[2] : new SysResult(res[1]).show())
          .append('\n');
    }
    b.append("    }\n  }\n\n");
    b.append(HELPERS);
    b.append("}\n");
    return b.toString();
  }

  private static String expected(Op op, SysResult r, Sides s) {
    if (r.isError()) {
      return "-Errno." + Errno.name(r.value());
    }
    if (op instanceof Op.Mmap || op instanceof Op.Mremap) {
      return Op.at(s, r.value());
    }
    return Long.toString(r.value());
  }

  /**
   * The helpers of a printed scenario: the window's lines and residency as kernel-diff sees them.
   */
  private static final String HELPERS =
      """
        /** mincore of one page: 1 + residency (0 or 1), or the negative errno. */
        static int mincore(MmStruct mm, long page) {
          byte[] vec = new byte[1];
          int r = mm.mincore(page, PAGE_SIZE, vec);
          return r == 0 ? 1 + vec[0] : r;
        }

        /** maps() lines as kernel-diff compares them (dev and inode left out), with VmFlags. */
        static List<String> window(MmStruct mm) {
          String[] names = {"rd", "wr", "ex", "sh", "mr", "mw", "me", "ms", "gd", "pf", "lo", "io",
              "dc", "de", "ac", "nr", "mm"};
          long[] bits = {VmFlags.VM_READ, VmFlags.VM_WRITE, VmFlags.VM_EXEC, VmFlags.VM_SHARED,
              VmFlags.VM_MAYREAD, VmFlags.VM_MAYWRITE, VmFlags.VM_MAYEXEC, VmFlags.VM_MAYSHARE,
              VmFlags.VM_GROWSDOWN, VmFlags.VM_PFNMAP, VmFlags.VM_LOCKED, VmFlags.VM_IO,
              VmFlags.VM_DONTCOPY, VmFlags.VM_DONTEXPAND, VmFlags.VM_ACCOUNT, VmFlags.VM_NORESERVE,
              VmFlags.VM_MIXEDMAP};
          List<VmaInfo> vmas = mm.vmas();
          String[] lines = mm.maps().split("\\n");
          List<String> out = new ArrayList<>();
          for (int i = 0; i < vmas.size(); i++) {
            String[] f = lines[i].trim().split("\\\\s+", 6);
            List<String> fl = new ArrayList<>();
            for (int k = 0; k < bits.length; k++) {
              if ((vmas.get(i).flags() & bits[k]) != 0) {
                fl.add(names[k]);
              }
            }
            out.add(String.format("%07x-%07x %s %s %s [%s]", vmas.get(i).start() - W,
                vmas.get(i).end() - W, f[1], f[2], f.length == 6 ? f[5] : "", String.join(" ", fl)));
          }
          return out;
        }
      """;
}

package dev.copyexcept.kdiff;

import static dev.copyexcept.example.mm.Mman.MAP_ANONYMOUS;
import static dev.copyexcept.example.mm.Mman.MAP_FIXED;
import static dev.copyexcept.example.mm.Mman.MAP_PRIVATE;
import static dev.copyexcept.example.mm.Mman.MAP_SHARED;
import static dev.copyexcept.example.mm.Mman.PROT_READ;
import static dev.copyexcept.example.mm.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.mm.Kernel;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A printed scenario is ready to paste: it compiles against the example and JUnit, passes on the
 * model where Linux and the model agree, and fails where Linux answered differently.
 */
class ScenarioPrinterTest {
  static final long P = Window.P;
  static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;

  @TempDir Path dir;

  static List<Op> ops(long w) {
    return List.of(
        new Op.Mmap(w + 4 * P, 4 * P, PROT_READ | PROT_WRITE, ANON, -1, 0),
        new Op.Touch(w + 5 * P + 7, true),
        new Op.Mprotect(w + 4 * P, 2 * P, PROT_READ),
        new Op.Mmap(w + 10 * P, 2 * P, PROT_READ, MAP_SHARED | MAP_FIXED, 0, 3),
        new Op.Mmap(w + 12 * P, 2 * P, PROT_READ, MAP_SHARED | MAP_FIXED, 0, 5),
        new Op.Touch(w + 11 * P, false),
        new Op.Munmap(w + 7 * P, P),
        new Op.Mprotect(w + 20 * P + 1, P, PROT_READ));
  }

  String printed(List<Op> ops, Runner runner, Kernel kernel) {
    Runner.Trace t = runner.trace(ops);
    try (Sides s = new Sides(runner.window, kernel)) {
      return ScenarioPrinter.print("PrintedTest", "a test", t, ops, s);
    }
  }

  @Test
  void printedScenario_compiles_passesOnTheModel_failsWhenAnAnswerIsChanged() throws Exception {
    String source;
    try (Kernel kernel = Kernel.builder().build()) {
      Runner runner = new Runner(kernel, 64 * P);
      try {
        source = printed(ops(runner.window.lo), runner, kernel);
      } finally {
        runner.close();
      }
    }
    assertTrue(source.contains("mm.mprotect(W + 0x14001L, 0x1000L, PROT_READ)"), source);
    assertTrue(
        source.contains(
            "\"000a000-000e000 r--s 00003000 /memfd:kdiff-a (deleted) [rd sh mr mw me ms]\""),
        source);
    run(compile(source, "ok"));
    // the same scenario with one of Linux's answers changed must fail on the model
    String wrong =
        source.replace("assertEquals(-Errno.EINVAL, mm.mprotect(", "assertEquals(0, mm.mprotect(");
    assertTrue(!wrong.equals(source));
    Throwable t = assertThrows(InvocationTargetException.class, () -> run(compile(wrong, "wrong")));
    assertEquals("AssertionFailedError", t.getCause().getClass().getSimpleName());
  }

  private Class<?> compile(String source, String sub) throws Exception {
    Path src = dir.resolve(sub).resolve("dev/copyexcept/example/mm/PrintedTest.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    Path out = dir.resolve(sub + "-classes");
    Files.createDirectories(out);
    List<String> cp = new ArrayList<>();
    for (Class<?> c :
        new Class<?>[] {Kernel.class, Test.class, org.opentest4j.AssertionFailedError.class}) {
      cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-proc:none",
            "-d",
            out.toString(),
            "-cp",
            String.join(File.pathSeparator, cp),
            src.toString());
    assertEquals(0, rc, "the printed scenario does not compile:\n" + source);
    URLClassLoader loader =
        new URLClassLoader(
            new URL[] {out.toUri().toURL()}, ScenarioPrinterTest.class.getClassLoader());
    return loader.loadClass("dev.copyexcept.example.mm.PrintedTest");
  }

  private static void run(Class<?> test) throws Exception {
    var ctor = test.getDeclaredConstructor();
    ctor.setAccessible(true);
    Method m = test.getDeclaredMethod("linuxAgrees");
    m.setAccessible(true);
    m.invoke(ctor.newInstance());
  }
}

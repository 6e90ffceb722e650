package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.Interleave;
import java.lang.reflect.AnnotatedElement;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for tests of the model: injects a {@link TestKernels} (kernels and threads
 * created through it are checked and cleaned up after the test) and, after each test, fails it if
 * anything went wrong where the test itself cannot see it: a test thread that threw or did not end,
 * an RCU callback that failed on the grace-period thread, a thread that died inside a read section
 * or a section left open, a broken invariant of an address space or of the VMA cache, or a kernel
 * warning (unless the test method or class is annotated {@link ExpectWarnings}). See {@link
 * TestKernels} for the order of the checks. Also resets the global interleaving hook.
 *
 * <p>Use: {@code @ExtendWith(KernelExtension.class)} on the class, a {@code TestKernels} parameter
 * on the test method (or on a {@code @BeforeEach} method).
 */
public final class KernelExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KernelExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == TestKernels.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return c.getStore(NS)
        .getOrComputeIfAbsent(TestKernels.class, k -> new TestKernels(), TestKernels.class);
  }

  @Override
  public void afterEach(ExtensionContext c) throws Exception {
    TestKernels kernels = c.getStore(NS).remove(TestKernels.class, TestKernels.class);
    Interleave.reset();
    if (kernels == null) {
      return;
    }
    boolean expected = annotated(c.getRequiredTestMethod()) || annotated(c.getRequiredTestClass());
    try {
      kernels.closeAll(expected);
    } catch (AssertionError e) {
      if (c.getExecutionException().isEmpty()) {
        throw e;
      }
      c.getExecutionException().get().addSuppressed(e); // the test's own failure comes first
    }
  }

  private static boolean annotated(AnnotatedElement e) {
    return e.isAnnotationPresent(ExpectWarnings.class);
  }
}

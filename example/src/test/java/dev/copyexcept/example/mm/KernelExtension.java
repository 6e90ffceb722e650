package dev.copyexcept.example.mm;

import dev.copyexcept.example.debug.Interleave;
import java.lang.reflect.AnnotatedElement;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for tests of the model: injects a {@link TestKernels} (kernels and threads
 * created through it are cleaned up after the test) and, after each test, fails it if any of its
 * kernels raised a warning, unless the test method or class is annotated {@link ExpectWarnings}.
 * Also fails on leaked test threads and resets the global interleaving hook.
 *
 * <p>Use: {@code @ExtendWith(KernelExtension.class)} on the class, a {@code TestKernels} parameter
 * on the test method.
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
    String warnings = kernels.closeAll();
    if (!expected && !warnings.isEmpty() && c.getExecutionException().isEmpty()) {
      throw new AssertionError("kernel warnings raised by a test that expects none:\n" + warnings);
    }
  }

  private static boolean annotated(AnnotatedElement e) {
    return e.isAnnotationPresent(ExpectWarnings.class);
  }
}

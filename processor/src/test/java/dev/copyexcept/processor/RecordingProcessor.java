package dev.copyexcept.processor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A processor (the {@link CopyExceptProcessor} unless told otherwise), unchanged, but with its
 * {@link Filer} watched: records the name of every source file it creates. compile-testing hides
 * generated files of a failed compilation; this shows whether a good class got its copier in a
 * compilation that failed because of another.
 */
public final class RecordingProcessor implements Processor {
  private final Processor delegate;
  private final Set<String> createdSources = new TreeSet<>();

  /** When non-null, every Elements/Types call with an argument whose text contains it throws. */
  private final String poison;

  /** Records what the {@link CopyExceptProcessor} writes. */
  public RecordingProcessor() {
    this(new CopyExceptProcessor(), null);
  }

  /** Records what {@code delegate} writes. */
  public RecordingProcessor(Processor delegate) {
    this(delegate, null);
  }

  /**
   * A {@link CopyExceptProcessor} whose {@code Elements} and {@code Types} throw an {@link
   * IllegalStateException} whenever an argument's {@code toString()} contains {@code poison}: a
   * stand-in for an unexpected failure inside the processor while it handles one particular class.
   */
  public RecordingProcessor(String poison) {
    this(new CopyExceptProcessor(), poison);
  }

  private RecordingProcessor(Processor delegate, String poison) {
    this.delegate = delegate;
    this.poison = poison;
  }

  /** Qualified names passed to {@code Filer.createSourceFile}, sorted. */
  public Set<String> createdSources() {
    return createdSources;
  }

  @Override
  public void init(ProcessingEnvironment env) {
    Filer filer = env.getFiler();
    Filer recording =
        (Filer)
            Proxy.newProxyInstance(
                Filer.class.getClassLoader(),
                new Class<?>[] {Filer.class},
                forward(
                    filer,
                    (method, args) -> {
                      if (method.getName().equals("createSourceFile")) {
                        createdSources.add(args[0].toString());
                      }
                    }));
    Object elements = poisoned(env.getElementUtils(), javax.lang.model.util.Elements.class);
    Object types = poisoned(env.getTypeUtils(), javax.lang.model.util.Types.class);
    ProcessingEnvironment wrapped =
        (ProcessingEnvironment)
            Proxy.newProxyInstance(
                ProcessingEnvironment.class.getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getFiler" -> recording;
                      case "getElementUtils" -> elements;
                      case "getTypeUtils" -> types;
                      default -> invoke(env, method, args);
                    });
    delegate.init(wrapped);
  }

  private Object poisoned(Object target, Class<?> type) {
    if (poison == null) {
      return target;
    }
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (args != null) {
            for (Object a : args) {
              if (a != null && !(a instanceof CharSequence) && String.valueOf(a).contains(poison)) {
                throw new IllegalStateException("injected failure on " + a);
              }
            }
          }
          return invoke(target, method, args);
        });
  }

  private interface Listener {
    void called(java.lang.reflect.Method method, Object[] args);
  }

  private static InvocationHandler forward(Object target, Listener listener) {
    return (proxy, method, args) -> {
      listener.called(method, args);
      return invoke(target, method, args);
    };
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    return delegate.process(annotations, roundEnv);
  }

  @Override
  public Iterable<? extends Completion> getCompletions(
      Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
    return delegate.getCompletions(element, annotation, member, userText);
  }
}

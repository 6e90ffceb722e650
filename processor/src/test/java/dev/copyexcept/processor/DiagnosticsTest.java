package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.copyexcept.processor.CopierHarness.compile;
import static dev.copyexcept.processor.CopierHarness.source;

import com.google.testing.compile.Compilation;
import dev.copyexcept.processor.diag.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One fixture per entry of the {@link Message} catalogue: each asserts the text, the file and the
 * line of the diagnostic. {@link CatalogueTest} checks that no entry is missing.
 */
class DiagnosticsTest {

  @Test
  @Covers(Message.UNKNOWN_FIELD_SUGGESTION)
  void unknownName_closeToAField_isAnErrorOnThatValueSuggestingTheField() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept({",
            "    \"vm_refcnd\",",
            "    \"VM_START\"})",
            "class Vma {",
            "  int vm_refcnt;",
            "  long vm_start;",
            "}");
    Compilation compilation = compile(vma);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unknownField] \"vm_refcnd\" is not an instance field of p.Vma or of its"
                + " superclasses; did you mean \"vm_refcnt\"?")
        .inFile(vma)
        .onLineContaining("\"vm_refcnd\"");
    // Equal ignoring case wins over edit distance.
    assertThat(compilation)
        .hadErrorContaining(
            "\"VM_START\" is not an instance field of p.Vma or of its superclasses;"
                + " did you mean \"vm_start\"?")
        .inFile(vma)
        .onLineContaining("\"VM_START\"");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  @Covers(Message.UNKNOWN_FIELD_LIST)
  void unknownName_farFromEveryField_isAnErrorListingTheFields() {
    JavaFileObject base =
        source(
            "p.Base", "package p;", "class Base {", "  int vm_start;", "  static int COUNT;", "}");
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept(\"lock\")",
            "class Vma extends Base {",
            "  int vm_refcnt;",
            "}");
    Compilation compilation = compile(base, vma);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unknownField] \"lock\" is not an instance field of p.Vma or of its"
                + " superclasses; its instance fields are: vm_start, vm_refcnt. Fix the name or"
                + " remove it")
        .inFile(vma)
        .onLineContaining("@CopyExcept(\"lock\")");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  @Covers(Message.UNKNOWN_FIELD_LIST)
  void unknownName_inAClassWithoutFields_saysSo() {
    JavaFileObject empty =
        source(
            "p.Empty",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept(\"x\")",
            "class Empty {}");
    assertThat(compile(empty))
        .hadErrorContaining("its instance fields are: (none).")
        .inFile(empty)
        .onLineContaining("@CopyExcept(\"x\")");
  }

  @Test
  @Covers(Message.DUPLICATE_NAME)
  void nameListedTwice_isAWarningOnTheSecond() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept({\"vm_refcnt\",",
            "    \"vm_refcnt\"})",
            "class Vma {",
            "  int vm_refcnt;",
            "}");
    Compilation compilation = compile(vma);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining(
            "[CopyExcept.duplicateName] \"vm_refcnt\" is listed more than once in this"
                + " @CopyExcept; remove the repetition")
        .inFile(vma)
        .onLineContaining("\"vm_refcnt\"})");
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).generatedSourceFile("p.VmaCopier");
  }

  @Test
  @Covers(Message.STATIC_FIELD)
  void staticFieldName_isAWarningOnThatValue() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept(\"COUNT\")",
            "class Vma {",
            "  static int COUNT;",
            "  int vm_refcnt;",
            "}");
    Compilation compilation = compile(vma);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining(
            "[CopyExcept.staticField] \"COUNT\" is a static field of p.Vma, which the copier never"
                + " touches; remove it from @CopyExcept")
        .inFile(vma)
        .onLineContaining("@CopyExcept(\"COUNT\")");
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  @Covers(Message.NOT_A_CLASS)
  void annotationOnInterfaceEnumAnnotationOrRecord_isAnError() {
    JavaFileObject kinds =
        source(
            "p.Kinds",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "class Kinds {",
            "  @CopyExcept interface I {}",
            "  @CopyExcept enum E { A }",
            "  @CopyExcept @interface A {}",
            "  @CopyExcept record R(int x) {}",
            "}");
    Compilation compilation = compile(kinds);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.notAClass] @CopyExcept applies to classes only, but p.Kinds.I is an"
                + " interface; remove the annotation")
        .inFile(kinds)
        .onLineContaining("interface I");
    assertThat(compilation)
        .hadErrorContaining("p.Kinds.E is an enum")
        .inFile(kinds)
        .onLineContaining("enum E");
    assertThat(compilation)
        .hadErrorContaining("p.Kinds.A is an annotation type")
        .inFile(kinds)
        .onLineContaining("@interface A");
    assertThat(compilation)
        .hadErrorContaining(
            "p.Kinds.R is a record (its fields are final, so a copier cannot assign them)")
        .inFile(kinds)
        .onLineContaining("record R");
    assertThat(compilation).hadErrorCount(4);
  }

  @Test
  @Covers(Message.PRIVATE_CLASS)
  void privateNestedClass_orClassInAPrivateOne_isAnError() {
    JavaFileObject outer =
        source(
            "p.Outer",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "class Outer {",
            "  @CopyExcept private static class Hidden { int x; }",
            "  private static class Box {",
            "    @CopyExcept static class Inside { int y; }",
            "  }",
            "}");
    Compilation compilation = compile(outer);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.privateClass] p.Outer.Hidden is private, so its generated copier"
                + " Outer_HiddenCopier cannot use it; make Hidden at least package-private")
        .inFile(outer)
        .onLineContaining("class Hidden");
    assertThat(compilation)
        .hadErrorContaining(
            "p.Outer.Box.Inside is nested in the private class p.Outer.Box, so its generated copier"
                + " Outer_Box_InsideCopier cannot use it; make Box at least package-private")
        .inFile(outer)
        .onLineContaining("class Inside");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  @Covers(Message.FINAL_FIELD)
  void finalField_inThisCompilation_isAnErrorOnTheField() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma {",
            "  final Object lock = new Object();",
            "  int vm_refcnt;",
            "}");
    assertThat(compile(vma))
        .hadErrorContaining(
            "[CopyExcept.finalField] field lock of p.Vma is final and is neither an array nor a"
                + " @CopyExcept class, so VmaCopier cannot assign it; add it to @CopyExcept or make"
                + " it non-final")
        .inFile(vma)
        .onLineContaining("final Object lock");
  }

  @Test
  @Covers(Message.FINAL_FIELD)
  void finalField_fromAClassFile_isAnErrorOnTheAnnotatedClass(@TempDir Path library)
      throws IOException {
    CopierHarness.compileToClassFiles(
        library,
        source(
            "lib.Base", "package lib;", "public class Base {", "  public final int id = 1;", "}"));
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma extends lib.Base {",
            "  int vm_refcnt;",
            "}");
    assertThat(CopierHarness.compileAgainst(library, vma))
        .hadErrorContaining("[CopyExcept.finalField] field id of lib.Base is final")
        .inFile(vma)
        .onLineContaining("class Vma");
  }

  @Test
  @Covers(Message.WILDCARD_STRUCT)
  void finalStructWithWildcardArguments_isAnErrorOnTheField() {
    JavaFileObject box =
        source(
            "p.Box",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Box<T> {",
            "  T value;",
            "}");
    JavaFileObject shelf =
        source(
            "p.Shelf",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Shelf {",
            "  final Box<String> named = new Box<>();",
            "  final Box<? extends Number> any = new Box<Integer>();",
            "}");
    Compilation compilation = compile(box, shelf);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.wildcardStruct] field any of p.Shelf is the final @CopyExcept struct"
                + " p.Box<? extends java.lang.Number>, whose wildcard type arguments let the two"
                + " objects hold different parameterizations, so ShelfCopier cannot copy one into"
                + " the other; give it concrete type arguments, make it non-final, or add it to"
                + " @CopyExcept")
        .inFile(shelf)
        .onLineContaining("Box<? extends Number> any");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  @Covers(Message.INACCESSIBLE_FIELD)
  void privateFieldWithoutAccessors_isAnErrorOnTheFieldNamingTheAccessors() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma {",
            "  private long vm_start;",
            "  private final int[] pages = new int[4];",
            "  private boolean locked;",
            "  public boolean isLocked() { return locked; }",
            "}");
    Compilation compilation = compile(vma);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.inaccessibleField] field vm_start of p.Vma is private, so VmaCopier cannot"
                + " access it, and it has no accessible accessors getVm_start() and"
                + " setVm_start(...); add getVm_start() and setVm_start(...), make the field"
                + " package-private, or add it to @CopyExcept")
        .inFile(vma)
        .onLineContaining("long vm_start");
    // A final array needs only a getter.
    assertThat(compilation)
        .hadErrorContaining(
            "field pages of p.Vma is private, so VmaCopier cannot access it, and it"
                + " has no accessible getter getPages(); add getPages(),")
        .inFile(vma)
        .onLineContaining("int[] pages");
    // A getter alone is not enough for a non-final field.
    assertThat(compilation)
        .hadErrorContaining("no accessible accessors isLocked() and setLocked(...)")
        .inFile(vma)
        .onLineContaining("boolean locked");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  @Covers(Message.INACCESSIBLE_FIELD)
  void protectedFieldInAnotherPackage_fromAClassFile_isAnErrorOnTheClassSayingMakeItPublic(
      @TempDir Path library) throws IOException {
    CopierHarness.compileToClassFiles(
        library,
        source("lib.Base", "package lib;", "public class Base {", "  protected int refs;", "}"));
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma extends lib.Base {}");
    assertThat(CopierHarness.compileAgainst(library, vma))
        .hadErrorContaining(
            "field refs of lib.Base is protected, so VmaCopier cannot access it, and it has no"
                + " accessible accessors getRefs() and setRefs(...); add getRefs() and"
                + " setRefs(...), make the field public, or add it to @CopyExcept")
        .inFile(vma)
        .onLineContaining("class Vma");
  }

  @Test
  @Covers(Message.INACCESSIBLE_FIELD)
  void
      hiddenPublicFieldOfAPackagePrivateClass_withoutAPublicSubclassInBetween_saysMakeTheClassPublic(
          @TempDir Path library) throws IOException {
    CopierHarness.compileToClassFiles(
        library,
        source("q.Base", "package q;", "class Base {", "  public int v;", "}"),
        source("q.Mid", "package q;", "public class Mid extends Base {", "  public int v;", "}"));
    JavaFileObject sub =
        source(
            "p.Sub",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "public class Sub extends q.Mid {",
            "  long v;",
            "}");
    Compilation compilation = CopierHarness.compileAgainst(library, sub);
    assertThat(compilation)
        .hadErrorContaining(
            "field v of q.Base is public but hidden, and no class to reach it through is"
                + " accessible, so SubCopier cannot access it, and it has no accessible accessors"
                + " getV() and setV(...); add getV() and setV(...), make q.Base public, or add it"
                + " to @CopyExcept")
        .inFile(sub)
        .onLineContaining("class Sub");
    // Mid.v is hidden too, but reachable through a cast to the public Mid.
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  @Covers(Message.EMBEDDED_CYCLE)
  void classEmbeddingItselfThroughAnother_isAnErrorOnTheField() {
    JavaFileObject a =
        source(
            "p.A",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class A {",
            "  final B b = null;",
            "}");
    JavaFileObject b =
        source(
            "p.B",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class B {",
            "  int x;",
            "  final A a = null;",
            "}");
    Compilation compilation = compile(a, b);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.embeddedCycle] p.A embeds itself by value through final @CopyExcept"
                + " fields (A.b -> B.a), so a copy could never end; make one of these fields"
                + " non-final or add it to @CopyExcept")
        .inFile(a)
        .onLineContaining("final B b");
    assertThat(compilation)
        .hadErrorContaining(
            "p.B embeds itself by value through final @CopyExcept fields (B.a -> A.b)")
        .inFile(b)
        .onLineContaining("final A a");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  @Covers(Message.EMBEDDED_CYCLE)
  void classEmbeddingItselfDirectly_isAnError_unlessTheFieldIsExcluded() {
    JavaFileObject node =
        source(
            "p.Node",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Node {",
            "  final Node next = null;",
            "}");
    assertThat(compile(node))
        .hadErrorContaining(
            "[CopyExcept.embeddedCycle] p.Node embeds itself by value through final @CopyExcept"
                + " fields (Node.next)")
        .inFile(node)
        .onLineContaining("final Node next");
    JavaFileObject excluded =
        source(
            "p.Node",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept(\"next\")",
            "class Node {",
            "  final Node next = null;",
            "  int value;",
            "}");
    assertThat(compile(excluded)).succeededWithoutWarnings();
  }

  @Test
  @Covers(Message.COPIER_NAME_TAKEN)
  void handWrittenTypeWithTheCopiersName_isAnError() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma {",
            "  int x;",
            "}");
    JavaFileObject handWritten = source("p.VmaCopier", "package p;", "class VmaCopier {}");
    Compilation compilation = compile(vma, handWritten);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.copierNameTaken] the copier of p.Vma would be p.VmaCopier, but a type of"
                + " that name already exists in this compilation; rename that type")
        .inFile(vma)
        .onLineContaining("@CopyExcept");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  @Covers(Message.COPIER_NAME_CLASH)
  void nestedAndTopLevelClassMappingToOneCopierName_isAnError() {
    JavaFileObject outer =
        source(
            "p.Outer",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "class Outer {",
            "  @CopyExcept static class Node { int x; }",
            "}");
    JavaFileObject flat =
        source(
            "p.Outer_Node",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Outer_Node {",
            "  int y;",
            "}");
    Compilation compilation = compile(outer, flat);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.copierNameClash] p.Outer_Node and p.Outer.Node both map to the copier name"
                + " p.Outer_NodeCopier; rename one of them")
        .inFile(flat)
        .onLineContaining("@CopyExcept");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  @Covers(Message.UNRESOLVED_TYPE)
  void fieldTypeStillMissingWhenProcessingEnds_isAnErrorOnTheClass() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma {",
            "  Missing file;",
            "}");
    Compilation compilation = compile(vma);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.unresolvedType] no copier was generated for p.Vma because Missing (the"
                + " type of field p.Vma.file) could not be resolved; fix or generate the missing"
                + " type")
        .inFile(vma)
        .onLineContaining("class Vma");
    assertThat(CopierHarness.processorDiagnostics(compilation)).hasSize(1);
  }

  @Test
  @Covers(Message.WRITE_FAILED)
  void copierAlreadyWrittenByAnotherProcessor_isAnErrorOnTheClass() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma {",
            "  int x;",
            "}");
    Compilation compilation =
        CopierHarness.compileWith(
            List.of(
                FirstRoundSources.of("p.VmaCopier", "package p; class VmaCopier {}"),
                new CopyExceptProcessor()),
            vma);
    assertThat(compilation)
        .hadErrorContaining("[CopyExcept.writeFailed] could not write p.VmaCopier for p.Vma: ")
        .inFile(vma)
        .onLineContaining("class Vma");
    assertThat(compilation)
        .hadErrorContaining("; make sure no other tool generates a type of that name");
  }

  @Test
  @Covers(Message.INTERNAL_ERROR)
  void unexpectedException_isOneErrorOnTheClassWithTheStackTrace() {
    JavaFileObject vma =
        source(
            "p.Vma",
            "package p;",
            "import dev.copyexcept.CopyExcept;",
            "@CopyExcept",
            "class Vma {",
            "  int x;",
            "}");
    Compilation compilation =
        CopierHarness.compileWith(
            CopierHarness.failingOn("Vma", new IllegalStateException("injected")), vma);
    assertThat(compilation)
        .hadErrorContaining(
            "[CopyExcept.internalError] the @CopyExcept processor failed unexpectedly on p.Vma;"
                + " this is a bug, please report it with this message and the class's source."
                + " Other classes were still processed.")
        .inFile(vma)
        .onLineContaining("class Vma");
    assertThat(compilation).hadErrorContaining("java.lang.IllegalStateException: injected");
    assertThat(compilation).hadErrorContaining("at dev.copyexcept.processor.DiagnosticsTest");
    assertThat(compilation).hadErrorCount(1);
  }
}

package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.copyexcept.processor.CopierHarness.compileAndLoad;
import static dev.copyexcept.processor.CopierHarness.get;
import static dev.copyexcept.processor.CopierHarness.set;
import static dev.copyexcept.processor.CopierHarness.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.copyexcept.processor.CopierHarness.Compiled;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the generated copier does with each kind of field: primitives, references,
 * volatile/transient, final arrays and final embedded structs. Every test fills the source and the
 * destination with distinct non-default values, so a field that is not copied, or an excluded field
 * that is overwritten, shows.
 */
class FieldKindsBehaviourTest {

  static Stream<Arguments> primitives() {
    return Stream.of(
        Arguments.of("boolean", true, false),
        Arguments.of("byte", (byte) 11, (byte) -22),
        Arguments.of("short", (short) 1234, (short) -4321),
        Arguments.of("char", 'x', 'Q'),
        Arguments.of("int", 123_456, -654_321),
        Arguments.of("long", 1L << 40, -7L),
        Arguments.of("float", 1.5f, -2.25f),
        Arguments.of("double", 3.75d, -0.125d));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("primitives")
  void primitiveField_copiedAndExcluded_asDeclared(String type, Object srcValue, Object destValue) {
    Compiled c =
        compileAndLoad(
            source(
                "p.P",
                """
        package p;
        @dev.copyexcept.CopyExcept("kept")
        public class P {
          %1$s first;
          %1$s kept;
          public %1$s last;
        }
        """
                    .formatted(type)));
    Object src = c.newInstance("p.P");
    Object dest = c.newInstance("p.P");
    for (String f : List.of("first", "kept", "last")) {
      set(src, f, srcValue);
      set(dest, f, destValue);
    }

    c.copy("p.PCopier", src, dest);

    assertWithMessage("%s first", type).that(get(dest, "first")).isEqualTo(srcValue);
    assertWithMessage("%s last", type).that(get(dest, "last")).isEqualTo(srcValue);
    assertWithMessage("%s kept (excluded)", type).that(get(dest, "kept")).isEqualTo(destValue);
    assertWithMessage("%s source untouched", type).that(get(src, "kept")).isEqualTo(srcValue);
  }

  @Test
  void allPrimitivesInOneClass_eachCopied_exceptTheExcludedOnes() {
    Compiled c =
        compileAndLoad(
            source(
                "p.All",
                """
        package p;
        @dev.copyexcept.CopyExcept({"zKeep", "iKeep"})
        class All {
          boolean z; byte b; short s; char c; int i; long j; float f; double d;
          boolean zKeep; int iKeep;
        }
        """));
    Object src = c.newInstance("p.All");
    Object dest = c.newInstance("p.All");
    List<Object[]> rows = new ArrayList<>();
    primitives().forEach(a -> rows.add(a.get()));
    String[] names = {"z", "b", "s", "c", "i", "j", "f", "d"};
    for (int k = 0; k < names.length; k++) {
      set(src, names[k], rows.get(k)[1]);
      set(dest, names[k], rows.get(k)[2]);
    }
    set(src, "zKeep", true);
    set(dest, "zKeep", false);
    set(src, "iKeep", 1);
    set(dest, "iKeep", 2);

    c.copy("p.AllCopier", src, dest);

    for (int k = 0; k < names.length; k++) {
      assertWithMessage(names[k]).that(get(dest, names[k])).isEqualTo(rows.get(k)[1]);
    }
    assertThat(get(dest, "zKeep")).isEqualTo(false);
    assertThat(get(dest, "iKeep")).isEqualTo(2);
  }

  @Test
  void referenceFields_shareTheSourceObjects_likePointers() {
    Compiled c =
        compileAndLoad(
            source(
                "p.R",
                """
        package p;
        import java.util.List;
        @dev.copyexcept.CopyExcept("owner")
        public class R {
          String name;
          Object any;
          List<String> list;
          int[] notFinalArray;
          R next;
          Object owner;
        }
        """));
    Object src = c.newInstance("p.R");
    Object dest = c.newInstance("p.R");
    Object[] srcValues = {
      "src-name", new Object(), new ArrayList<>(List.of("a")), new int[] {1, 2}, dest, new Object()
    };
    Object[] destValues = {
      "dest-name", new Object(), new ArrayList<>(List.of("b")), new int[] {3}, src, new Object()
    };
    String[] names = {"name", "any", "list", "notFinalArray", "next", "owner"};
    for (int k = 0; k < names.length; k++) {
      set(src, names[k], srcValues[k]);
      set(dest, names[k], destValues[k]);
    }

    c.copy("p.RCopier", src, dest);

    for (int k = 0; k < names.length - 1; k++) {
      assertWithMessage(names[k]).that(get(dest, names[k])).isSameInstanceAs(srcValues[k]);
    }
    assertWithMessage("owner (excluded)").that(get(dest, "owner")).isSameInstanceAs(destValues[5]);
  }

  @Test
  void nullReferences_areCopiedAsNull() {
    Compiled c =
        compileAndLoad(
            source(
                "p.N",
                """
        package p;
        @dev.copyexcept.CopyExcept
        class N { String s; Object o; }
        """));
    Object src = c.newInstance("p.N");
    Object dest = c.newInstance("p.N");
    set(dest, "s", "dest");
    set(dest, "o", new Object());

    c.copy("p.NCopier", src, dest);

    assertThat(get(dest, "s")).isNull();
    assertThat(get(dest, "o")).isNull();
  }

  @Test
  void volatileAndTransientFields_areCopiedLikeOthers() {
    Compiled c =
        compileAndLoad(
            source(
                "p.V",
                """
        package p;
        @dev.copyexcept.CopyExcept("keptVolatile")
        public class V {
          volatile int vi;
          volatile long vl;
          transient String ts;
          volatile transient double vtd;
          volatile boolean keptVolatile;
        }
        """));
    Object src = c.newInstance("p.V");
    Object dest = c.newInstance("p.V");
    set(src, "vi", 5);
    set(dest, "vi", -5);
    set(src, "vl", 50L);
    set(dest, "vl", -50L);
    set(src, "ts", "src");
    set(dest, "ts", "dest");
    set(src, "vtd", 0.5d);
    set(dest, "vtd", -0.5d);
    set(src, "keptVolatile", true);
    set(dest, "keptVolatile", false);

    c.copy("p.VCopier", src, dest);

    assertThat(get(dest, "vi")).isEqualTo(5);
    assertThat(get(dest, "vl")).isEqualTo(50L);
    assertThat(get(dest, "ts")).isEqualTo("src");
    assertThat(get(dest, "vtd")).isEqualTo(0.5d);
    assertThat(get(dest, "keptVolatile")).isEqualTo(false);
  }

  @Test
  void staticFields_areNotTouched() {
    Compiled c =
        compileAndLoad(
            source(
                "p.St",
                """
        package p;
        @dev.copyexcept.CopyExcept
        class St { static int counter = 7; static final String K = "k"; int x; }
        """));
    Object src = c.newInstance("p.St");
    Object dest = c.newInstance("p.St");
    set(src, "x", 1);
    set(dest, "x", 2);
    set(null, c.load("p.St"), "counter", 99);

    c.copy("p.StCopier", src, dest);

    assertThat(get(dest, "x")).isEqualTo(1);
    assertThat(get(null, c.load("p.St"), "counter")).isEqualTo(99);
  }

  // ---------------------------------------------------------------- final arrays

  private static final String ARRAYS =
      """
      package p;
      @dev.copyexcept.CopyExcept("keptArr")
      public class A {
        int before;
        final int[] ints = new int[3];
        final String[] strs = new String[2];
        final long[][] grid = new long[2][];
        final char[] keptArr = new char[2];
        int after;
      }
      """;

  @Test
  void finalArray_contentsCopiedIntoTheDestinationsOwnArray() {
    Compiled c = compileAndLoad(source("p.A", ARRAYS));
    Object src = c.newInstance("p.A");
    Object dest = c.newInstance("p.A");
    fillArrays(src, dest);
    int[] destInts = (int[]) get(dest, "ints");
    String[] destStrs = (String[]) get(dest, "strs");
    long[][] destGrid = (long[][]) get(dest, "grid");
    long[][] srcGrid = (long[][]) get(src, "grid");
    char[] destKept = (char[]) get(dest, "keptArr");

    c.copy("p.ACopier", src, dest);

    assertThat(get(dest, "ints")).isSameInstanceAs(destInts);
    assertThat(destInts).asList().containsExactly(1, 2, 3).inOrder();
    assertThat(get(dest, "strs")).isSameInstanceAs(destStrs);
    assertThat(destStrs).asList().containsExactly("s1", "s2").inOrder();
    assertThat(get(dest, "grid")).isSameInstanceAs(destGrid);
    assertThat(destGrid[0]).isSameInstanceAs(srcGrid[0]); // shallow, like System.arraycopy
    assertThat(destGrid[1]).isSameInstanceAs(srcGrid[1]);
    assertThat(get(dest, "keptArr")).isSameInstanceAs(destKept);
    assertThat(new String(destKept)).isEqualTo("yz");
    assertThat(get(dest, "before")).isEqualTo(10);
    assertThat(get(dest, "after")).isEqualTo(20);
    assertWithMessage("source array untouched")
        .that((int[]) get(src, "ints"))
        .asList()
        .containsExactly(1, 2, 3)
        .inOrder();
  }

  @Test
  void finalArray_lengthMismatch_throwsIllegalArgumentNamingTheField_andLeavesDestUnchanged() {
    Compiled c = compileAndLoad(source("p.A", ARRAYS));
    Object src = c.newInstance("p.A");
    Object dest = c.newInstance("p.A");
    fillArrays(src, dest);
    set(dest, "strs", new String[] {"d1", "d2", "d3"});
    Snapshot before = Snapshot.ofArrays(dest);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.copy("p.ACopier", src, dest));

    assertThat(e).hasMessageThat().contains("strs");
    assertWithMessage("dest must be unchanged after a failed copy")
        .that(Snapshot.ofArrays(dest))
        .isEqualTo(before);
  }

  @Test
  void finalArray_nullInSource_throwsNullPointerNamingTheField_andLeavesDestUnchanged() {
    Compiled c = compileAndLoad(source("p.A", ARRAYS));
    Object src = c.newInstance("p.A");
    Object dest = c.newInstance("p.A");
    fillArrays(src, dest);
    set(src, "grid", null);
    Snapshot before = Snapshot.ofArrays(dest);

    NullPointerException e =
        assertThrows(NullPointerException.class, () -> c.copy("p.ACopier", src, dest));

    assertThat(e).hasMessageThat().contains("grid");
    assertWithMessage("dest must be unchanged after a failed copy")
        .that(Snapshot.ofArrays(dest))
        .isEqualTo(before);
  }

  @Test
  void finalArray_nullInDestination_throwsNullPointerNamingTheField_andLeavesDestUnchanged() {
    Compiled c = compileAndLoad(source("p.A", ARRAYS));
    Object src = c.newInstance("p.A");
    Object dest = c.newInstance("p.A");
    fillArrays(src, dest);
    set(dest, "strs", null);
    Snapshot before = Snapshot.ofArrays(dest);

    NullPointerException e =
        assertThrows(NullPointerException.class, () -> c.copy("p.ACopier", src, dest));

    assertThat(e).hasMessageThat().contains("strs");
    assertWithMessage("dest must be unchanged after a failed copy")
        .that(Snapshot.ofArrays(dest))
        .isEqualTo(before);
  }

  @Test
  void excludedFinalArray_mayBeNullOrOfAnotherLength() {
    Compiled c = compileAndLoad(source("p.A", ARRAYS));
    Object src = c.newInstance("p.A");
    Object dest = c.newInstance("p.A");
    fillArrays(src, dest);
    set(src, "keptArr", null);
    set(dest, "keptArr", new char[] {'q', 'r', 's', 't'});

    c.copy("p.ACopier", src, dest);

    assertThat(new String((char[]) get(dest, "keptArr"))).isEqualTo("qrst");
    assertThat(get(dest, "before")).isEqualTo(10);
  }

  private static void fillArrays(Object src, Object dest) {
    set(src, "before", 10);
    set(dest, "before", -10);
    set(src, "after", 20);
    set(dest, "after", -20);
    int[] si = (int[]) get(src, "ints");
    si[0] = 1;
    si[1] = 2;
    si[2] = 3;
    int[] di = (int[]) get(dest, "ints");
    di[0] = -1;
    di[1] = -2;
    di[2] = -3;
    String[] ss = (String[]) get(src, "strs");
    ss[0] = "s1";
    ss[1] = "s2";
    String[] ds = (String[]) get(dest, "strs");
    ds[0] = "d1";
    ds[1] = "d2";
    long[][] sg = (long[][]) get(src, "grid");
    sg[0] = new long[] {1};
    sg[1] = new long[] {2, 3};
    long[][] dg = (long[][]) get(dest, "grid");
    dg[0] = new long[] {-1};
    dg[1] = null;
    char[] sk = (char[]) get(src, "keptArr");
    sk[0] = 'a';
    sk[1] = 'b';
    char[] dk = (char[]) get(dest, "keptArr");
    dk[0] = 'y';
    dk[1] = 'z';
  }

  /** The observable state of a {@code p.A}: scalar values, array identities and contents. */
  record Snapshot(List<Object> values) {
    static Snapshot ofArrays(Object a) {
      List<Object> v = new ArrayList<>();
      v.add(get(a, "before"));
      v.add(get(a, "after"));
      for (String f : List.of("ints", "strs", "grid", "keptArr")) {
        Object arr = get(a, f);
        v.add(System.identityHashCode(arr));
        v.add(arr == null ? null : arrayContents(arr));
      }
      return new Snapshot(v);
    }

    private static List<Object> arrayContents(Object arr) {
      List<Object> out = new ArrayList<>();
      int n = java.lang.reflect.Array.getLength(arr);
      for (int i = 0; i < n; i++) {
        Object e = java.lang.reflect.Array.get(arr, i);
        // nested arrays by identity (the copy is shallow)
        out.add(e != null && e.getClass().isArray() ? System.identityHashCode(e) : e);
      }
      return out;
    }
  }

  // ---------------------------------------------------------------- embedded structs

  private static final String INNER =
      """
      package p;
      @dev.copyexcept.CopyExcept("id")
      public class Inner {
        int id;
        int x;
        String s;
        final int[] arr = new int[2];
      }
      """;
  private static final String OUTER =
      """
      package p;
      @dev.copyexcept.CopyExcept
      public class Outer {
        int a;
        final Inner inner = new Inner();
        Inner shared;
        int z;
      }
      """;

  @Test
  void embeddedStruct_copiedByValueIntoDestinationsOwnInstance_respectingItsExclusions() {
    Compiled c = compileAndLoad(source("p.Inner", INNER), source("p.Outer", OUTER));
    Object src = c.newInstance("p.Outer");
    Object dest = c.newInstance("p.Outer");
    fillOuter(c, src, dest);
    Object srcInner = get(src, "inner");
    Object destInner = get(dest, "inner");
    Object srcShared = get(src, "shared");

    c.copy("p.OuterCopier", src, dest);

    assertThat(get(dest, "a")).isEqualTo(1);
    assertThat(get(dest, "z")).isEqualTo(3);
    assertWithMessage("embedded struct keeps its identity")
        .that(get(dest, "inner"))
        .isSameInstanceAs(destInner);
    assertThat(get(destInner, "x")).isEqualTo(100);
    assertThat(get(destInner, "s")).isEqualTo("src-inner");
    assertWithMessage("Inner's own exclusion").that(get(destInner, "id")).isEqualTo(-200);
    assertThat((int[]) get(destInner, "arr")).asList().containsExactly(7, 8).inOrder();
    assertThat(get(destInner, "arr")).isNotSameInstanceAs(get(srcInner, "arr"));
    assertWithMessage("non-final struct reference is shared")
        .that(get(dest, "shared"))
        .isSameInstanceAs(srcShared);
  }

  @Test
  void embeddedStruct_nullInSource_throwsNullPointer_andLeavesDestUnchanged() {
    Compiled c = compileAndLoad(source("p.Inner", INNER), source("p.Outer", OUTER));
    Object src = c.newInstance("p.Outer");
    Object dest = c.newInstance("p.Outer");
    fillOuter(c, src, dest);
    set(src, "inner", null);
    Object destShared = get(dest, "shared");
    Object destInner = get(dest, "inner");

    assertThrows(NullPointerException.class, () -> c.copy("p.OuterCopier", src, dest));

    assertThat(get(dest, "a")).isEqualTo(-1);
    assertThat(get(dest, "z")).isEqualTo(-3);
    assertThat(get(dest, "shared")).isSameInstanceAs(destShared);
    assertThat(get(destInner, "x")).isEqualTo(-100);
  }

  @Test
  void embeddedStruct_arrayLengthMismatchInside_throwsBeforeAnyOuterFieldIsWritten() {
    Compiled c = compileAndLoad(source("p.Inner", INNER), source("p.Outer", OUTER));
    Object src = c.newInstance("p.Outer");
    Object dest = c.newInstance("p.Outer");
    fillOuter(c, src, dest);
    Object destInner = get(dest, "inner");
    set(destInner, "arr", new int[] {-7, -8, -9});
    Object destShared = get(dest, "shared");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.copy("p.OuterCopier", src, dest));

    assertThat(e).hasMessageThat().contains("arr");
    assertWithMessage("all-or-nothing: outer field a").that(get(dest, "a")).isEqualTo(-1);
    assertWithMessage("all-or-nothing: outer field z").that(get(dest, "z")).isEqualTo(-3);
    assertWithMessage("all-or-nothing: outer field shared")
        .that(get(dest, "shared"))
        .isSameInstanceAs(destShared);
    assertWithMessage("all-or-nothing: inner field x").that(get(destInner, "x")).isEqualTo(-100);
    assertWithMessage("all-or-nothing: inner field s")
        .that(get(destInner, "s"))
        .isEqualTo("dest-inner");
    assertThat((int[]) get(destInner, "arr")).asList().containsExactly(-7, -8, -9).inOrder();
  }

  @Test
  void excludedEmbeddedStruct_isLeftAlone() {
    Compiled c =
        compileAndLoad(
            source("p.Inner", INNER),
            source(
                "p.Keep",
                """
        package p;
        @dev.copyexcept.CopyExcept("inner")
        public class Keep { int a; final Inner inner = new Inner(); }
        """));
    Object src = c.newInstance("p.Keep");
    Object dest = c.newInstance("p.Keep");
    set(src, "a", 1);
    set(dest, "a", 2);
    set(get(src, "inner"), "x", 3);
    set(get(dest, "inner"), "x", 4);

    c.copy("p.KeepCopier", src, dest);

    assertThat(get(dest, "a")).isEqualTo(1);
    assertThat(get(get(dest, "inner"), "x")).isEqualTo(4);
  }

  @Test
  void embeddedStructInsideEmbeddedStruct_copiedByValueAtEveryLevel() {
    Compiled c =
        compileAndLoad(
            source("p.Inner", INNER),
            source(
                "p.Mid",
                """
            package p;
            @dev.copyexcept.CopyExcept("tag")
            public class Mid { final Inner in = new Inner(); long m; String tag; }
            """),
            source(
                "p.Top",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Top { final Mid mid = new Mid(); short t; }
            """));
    Object src = c.newInstance("p.Top");
    Object dest = c.newInstance("p.Top");
    Object srcMid = get(src, "mid");
    Object destMid = get(dest, "mid");
    Object destIn = get(destMid, "in");
    set(src, "t", (short) 1);
    set(dest, "t", (short) 2);
    set(srcMid, "m", 10L);
    set(destMid, "m", 20L);
    set(srcMid, "tag", "src-tag");
    set(destMid, "tag", "dest-tag");
    set(get(srcMid, "in"), "x", 5);
    set(destIn, "x", 6);
    set(get(srcMid, "in"), "id", 50);
    set(destIn, "id", 60);

    c.copy("p.TopCopier", src, dest);

    assertThat(get(dest, "t")).isEqualTo((short) 1);
    assertThat(get(dest, "mid")).isSameInstanceAs(destMid);
    assertThat(get(destMid, "m")).isEqualTo(10L);
    assertThat(get(destMid, "tag")).isEqualTo("dest-tag");
    assertThat(get(destMid, "in")).isSameInstanceAs(destIn);
    assertThat(get(destIn, "x")).isEqualTo(5);
    assertThat(get(destIn, "id")).isEqualTo(60);
  }

  @Test
  void embeddedStructThreeLevelsDeep_itsChecksRunOncePerCopy_asWhenCopiedAlone() throws Exception {
    // Leaf's only way in is a getter that counts its calls: copying Top (Top > Mid > Inner > Leaf)
    // must read it exactly as often as copying a Leaf alone, so no level repeats Leaf's checks.
    Compiled c =
        compileAndLoad(
            source(
                "p.Leaf",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Leaf {
              public static int reads;
              private final int[] bits = new int[2];
              int v;
              public int[] getBits() { reads++; return bits; }
            }
            """),
            source(
                "p.Inner3",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Inner3 { final Leaf leaf = new Leaf(); int i; }
            """),
            source(
                "p.Mid3",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Mid3 { final Inner3 inner = new Inner3(); int m; }
            """),
            source(
                "p.Top3",
                """
            package p;
            @dev.copyexcept.CopyExcept
            public class Top3 { final Mid3 mid = new Mid3(); int t; }
            """));
    java.lang.reflect.Field reads = c.load("p.Leaf").getField("reads");
    Object leafSrc = c.newInstance("p.Leaf");
    Object leafDest = c.newInstance("p.Leaf");
    reads.setInt(null, 0);
    c.copy("p.LeafCopier", leafSrc, leafDest);
    int alone = reads.getInt(null);

    Object src = c.newInstance("p.Top3");
    Object dest = c.newInstance("p.Top3");
    Object srcLeaf = get(get(get(src, "mid"), "inner"), "leaf");
    ((int[]) c.load("p.Leaf").getMethod("getBits").invoke(srcLeaf))[1] = 42;
    set(srcLeaf, "v", 7);
    reads.setInt(null, 0);
    c.copy("p.Top3Copier", src, dest);
    int nested = reads.getInt(null);

    Object destLeaf = get(get(get(dest, "mid"), "inner"), "leaf");
    assertThat(get(destLeaf, "v")).isEqualTo(7);
    assertThat(((int[]) c.load("p.Leaf").getMethod("getBits").invoke(destLeaf))[1]).isEqualTo(42);
    assertWithMessage("getBits() calls for one copy of Top3, against %s for a Leaf alone", alone)
        .that(nested)
        .isEqualTo(alone);
  }

  private static void fillOuter(Compiled c, Object src, Object dest) {
    set(src, "a", 1);
    set(dest, "a", -1);
    set(src, "z", 3);
    set(dest, "z", -3);
    set(src, "shared", c.newInstance("p.Inner"));
    set(dest, "shared", c.newInstance("p.Inner"));
    Object si = get(src, "inner");
    Object di = get(dest, "inner");
    set(si, "id", 200);
    set(di, "id", -200);
    set(si, "x", 100);
    set(di, "x", -100);
    set(si, "s", "src-inner");
    set(di, "s", "dest-inner");
    int[] sa = (int[]) get(si, "arr");
    sa[0] = 7;
    sa[1] = 8;
    int[] da = (int[]) get(di, "arr");
    da[0] = -7;
    da[1] = -8;
  }
}

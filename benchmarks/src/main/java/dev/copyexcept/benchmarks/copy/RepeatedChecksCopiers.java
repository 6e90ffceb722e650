package dev.copyexcept.benchmarks.copy;

import java.util.Objects;

/**
 * The copiers the processor generated for {@link Nested} before embedded structs stopped repeating
 * their checks (commit b7e6500), frozen here as a baseline: {@code copy} runs {@code check}, which
 * runs the embedded structs' checks, and then each embedded {@code copy} runs its own {@code check}
 * again, so the leaf's checks run four times per copy of {@code Nested}. Only the class names were
 * dropped (all four copiers are overloads in this one class).
 */
final class RepeatedChecksCopiers {
  private RepeatedChecksCopiers() {}

  static void copy(Nested src, Nested dest) {
    check(src, dest);
    dest.start = src.start;
    dest.end = src.end;
    dest.flags = src.flags;
    dest.file = src.file;
    copy(src.mid, dest.mid);
    System.arraycopy(src.words, 0, dest.words, 0, src.words.length);
  }

  static void check(Nested src, Nested dest) {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dest, "dest");
    NestedMid srcMid = src.mid;
    NestedMid destMid = dest.mid;
    if (srcMid == null || destMid == null) {
      throw new NullPointerException((srcMid == null ? "src" : "dest") + ".mid is null");
    }
    check(srcMid, destMid);
    long[] srcWords = src.words;
    long[] destWords = dest.words;
    if (srcWords == null || destWords == null) {
      throw new NullPointerException((srcWords == null ? "src" : "dest") + ".words is null");
    }
    if (srcWords.length != destWords.length) {
      throw new IllegalArgumentException(
          "array words has length "
              + srcWords.length
              + " in src but "
              + destWords.length
              + " in dest");
    }
  }

  static void copy(NestedMid src, NestedMid dest) {
    check(src, dest);
    dest.a = src.a;
    dest.b = src.b;
    dest.owner = src.owner;
    copy(src.inner, dest.inner);
  }

  static void check(NestedMid src, NestedMid dest) {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dest, "dest");
    NestedInner srcInner = src.inner;
    NestedInner destInner = dest.inner;
    if (srcInner == null || destInner == null) {
      throw new NullPointerException((srcInner == null ? "src" : "dest") + ".inner is null");
    }
    check(srcInner, destInner);
  }

  static void copy(NestedInner src, NestedInner dest) {
    check(src, dest);
    dest.c = src.c;
    dest.d = src.d;
    dest.ops = src.ops;
    copy(src.leaf, dest.leaf);
  }

  static void check(NestedInner src, NestedInner dest) {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dest, "dest");
    NestedLeaf srcLeaf = src.leaf;
    NestedLeaf destLeaf = dest.leaf;
    if (srcLeaf == null || destLeaf == null) {
      throw new NullPointerException((srcLeaf == null ? "src" : "dest") + ".leaf is null");
    }
    check(srcLeaf, destLeaf);
  }

  static void copy(NestedLeaf src, NestedLeaf dest) {
    check(src, dest);
    dest.e = src.e;
    dest.f = src.f;
    dest.g = src.g;
    dest.h = src.h;
    dest.i = src.i;
    dest.j = src.j;
    System.arraycopy(src.bits, 0, dest.bits, 0, src.bits.length);
  }

  static void check(NestedLeaf src, NestedLeaf dest) {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dest, "dest");
    byte[] srcBits = src.bits;
    byte[] destBits = dest.bits;
    if (srcBits == null || destBits == null) {
      throw new NullPointerException((srcBits == null ? "src" : "dest") + ".bits is null");
    }
    if (srcBits.length != destBits.length) {
      throw new IllegalArgumentException(
          "array bits has length "
              + srcBits.length
              + " in src but "
              + destBits.length
              + " in dest");
    }
  }
}

package dev.copyexcept.kdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ddmin over calls, with a fake replayer: a sequence "diverges" when it holds two given calls. */
class ShrinkerTest {
  static Op munmap(int i) {
    return new Op.Munmap(0x10000L * (i + 1), 4096);
  }

  @Test
  void shrinksToTheTwoCallsThatMatter_keepingTheirOrder() {
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ops.add(munmap(i));
    }
    Op a = ops.get(7);
    Op b = ops.get(31);
    Shrinker s =
        new Shrinker(
            cand -> {
              int ia = cand.indexOf(a);
              int ib = cand.indexOf(b);
              if (ia >= 0 && ib > ia) {
                return new Runner.Diverged(new Divergence(Divergence.Kind.MAPS, ib, ""));
              }
              return new Runner.Agreed();
            },
            1000);
    assertEquals(List.of(a, b), s.shrink(ops, Divergence.Kind.MAPS));
  }

  @Test
  void anotherKindDoesNotCount() {
    List<Op> ops = List.of(munmap(0), munmap(1), munmap(2));
    Shrinker s =
        new Shrinker(
            cand ->
                cand.size() == 3
                    ? new Runner.Diverged(new Divergence(Divergence.Kind.RETURN, 2, ""))
                    : new Runner.Diverged(new Divergence(Divergence.Kind.MAPS, 0, "")),
            1000);
    assertEquals(ops, s.shrink(ops, Divergence.Kind.RETURN));
  }
}

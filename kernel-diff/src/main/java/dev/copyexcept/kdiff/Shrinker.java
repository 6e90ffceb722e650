package dev.copyexcept.kdiff;

import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a diverging sequence to a small one that still diverges the same way (same {@link
 * Divergence.Kind}): delta debugging (ddmin) over the calls, each candidate replayed on a fresh
 * window, down to chunks of one call. Every candidate is safe to run: each call is safe whatever
 * state it meets (see {@link Generator}'s notes), and a touch is made for real only when the model,
 * in the replayed state, handles it.
 */
final class Shrinker {
  /** Replays a candidate: its outcome, or null when it could not be replayed (stale window). */
  interface Replayer {
    Runner.Outcome replay(List<Op> ops);
  }

  private final Replayer replayer;
  private final int maxReplays;
  private int replays;

  Shrinker(Replayer replayer, int maxReplays) {
    this.replayer = replayer;
    this.maxReplays = maxReplays;
  }

  /** The smallest sequence found that diverges with {@code kind}; {@code ops} diverges so. */
  List<Op> shrink(List<Op> ops, Divergence.Kind kind) {
    List<Op> cur = new ArrayList<>(ops);
    int n = 2;
    while (cur.size() >= 2 && replays < maxReplays) {
      int chunk = (cur.size() + n - 1) / n;
      boolean reduced = false;
      for (int start = 0; start < cur.size() && replays < maxReplays; start += chunk) {
        List<Op> without = new ArrayList<>(cur.subList(0, start));
        without.addAll(cur.subList(Math.min(cur.size(), start + chunk), cur.size()));
        List<Op> kept = divergesWith(without, kind);
        if (kept != null) {
          cur = kept;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (chunk == 1) {
          break;
        }
        n = Math.min(cur.size(), 2 * n);
      }
    }
    return cur;
  }

  /** Replays; if it diverges with {@code kind}, the prefix up to the diverging call, else null. */
  private List<Op> divergesWith(List<Op> ops, Divergence.Kind kind) {
    if (ops.isEmpty()) {
      return null;
    }
    replays++;
    Runner.Outcome o = replayer.replay(ops);
    if (o instanceof Runner.Diverged d && d.divergence().kind() == kind) {
      return new ArrayList<>(ops.subList(0, d.divergence().call() + 1));
    }
    return null;
  }

  int replays() {
    return replays;
  }
}

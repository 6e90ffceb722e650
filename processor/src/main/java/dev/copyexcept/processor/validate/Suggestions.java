package dev.copyexcept.processor.validate;

import java.util.Collection;
import java.util.Optional;

/** Finding the field name a misspelt {@code @CopyExcept} name probably meant. */
final class Suggestions {
  /** Names at most this many single-character edits away are suggested. */
  static final int MAX_DISTANCE = 2;

  private Suggestions() {}

  /**
   * The candidate closest to {@code name}: one equal ignoring case first, otherwise the one with
   * the smallest edit distance up to {@link #MAX_DISTANCE}; ties go to the earlier candidate, so
   * the answer follows the field order and is deterministic.
   */
  static Optional<String> closest(String name, Collection<String> candidates) {
    for (String candidate : candidates) {
      if (candidate.equalsIgnoreCase(name)) {
        return Optional.of(candidate);
      }
    }
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    for (String candidate : candidates) {
      int distance = editDistance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

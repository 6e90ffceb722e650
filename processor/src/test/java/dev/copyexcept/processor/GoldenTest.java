package dev.copyexcept.processor;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exact shape of generated copiers, one representative case per feature. See {@link
 * GoldenFiles} for the layout and the regenerate switch.
 */
class GoldenTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain",
        "inherited",
        "generic",
        "nested",
        "embedded",
        "array",
        "accessors",
        "hidden"
      })
  void generatedSource_matchesGolden(String name) throws IOException {
    GoldenFiles.check(name);
  }
}

package dev.copyexcept.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.copyexcept.processor.diag.Message;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue of diagnostics is complete, tested, and tagged consistently. */
class CatalogueTest {
  @Test
  void everyMessage_hasAFixtureInDiagnosticsTest() {
    Set<Message> covered = EnumSet.noneOf(Message.class);
    for (Method method : DiagnosticsTest.class.getDeclaredMethods()) {
      Covers covers = method.getAnnotation(Covers.class);
      if (covers != null) {
        covered.addAll(Arrays.asList(covers.value()));
      }
    }
    assertWithMessage("catalogue entries without a fixture in DiagnosticsTest")
        .that(EnumSet.complementOf(EnumSet.copyOf(covered)))
        .isEmpty();
  }

  @Test
  void everyMessage_startsWithAWellFormedTag() {
    List<String> texts = new ArrayList<>();
    for (Message message : Message.values()) {
      Object[] args = new Object[12];
      Arrays.fill(args, "X");
      String text = message.format(args);
      texts.add(text);
      assertThat(text).startsWith(message.tag() + " ");
      assertThat(message.tag()).matches("\\[CopyExcept\\.[a-z][A-Za-z]+\\]");
    }
    assertThat(texts).containsNoDuplicates();
  }
}

package dev.copyexcept.processor.validate;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> FIELDS = List.of("vm_start", "vm_end", "vm_refcnt", "flags");

  @Test
  void editDistance_countsInsertionsDeletionsAndSubstitutions() {
    assertThat(Suggestions.editDistance("vm_refcnt", "vm_refcnt")).isEqualTo(0);
    assertThat(Suggestions.editDistance("vm_refcnd", "vm_refcnt")).isEqualTo(1);
    assertThat(Suggestions.editDistance("vm_refcn", "vm_refcnt")).isEqualTo(1);
    assertThat(Suggestions.editDistance("vm_refcntt", "vm_refcnt")).isEqualTo(1);
    assertThat(Suggestions.editDistance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.editDistance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void closest_prefersEqualIgnoringCase_overASmallerEditDistance() {
    assertThat(Suggestions.closest("FLAGS", List.of("flag", "flags"))).hasValue("flags");
  }

  @Test
  void closest_acceptsTwoEditsButNotThree() {
    assertThat(Suggestions.closest("vm_strt", FIELDS)).hasValue("vm_start");
    assertThat(Suggestions.closest("vm_sta", FIELDS)).hasValue("vm_start");
    assertThat(Suggestions.closest("vm_s", FIELDS)).isEmpty();
  }

  @Test
  void closest_onATie_takesTheEarlierField() {
    assertThat(Suggestions.closest("vm_enx", List.of("vm_end", "vm_enz"))).hasValue("vm_end");
    assertThat(Suggestions.closest("vm_enx", List.of("vm_enz", "vm_end"))).hasValue("vm_enz");
  }
}

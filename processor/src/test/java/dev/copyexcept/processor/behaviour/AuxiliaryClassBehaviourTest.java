package dev.copyexcept.processor.behaviour;

import static com.google.common.truth.Truth.assertThat;
import static dev.copyexcept.processor.CopierHarness.field;
import static dev.copyexcept.processor.CopierHarness.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.copyexcept.processor.CopierHarness;
import dev.copyexcept.processor.CopierHarness.Compiled;
import org.junit.jupiter.api.Test;

/**
 * The copier of an auxiliary class (declared in another class's file) takes {@code Object}, so that
 * javac's {@code auxiliaryclass} lint has nothing to flag in its signatures (issue 14, defect 4):
 * it still copies, and an argument of another class is a {@code ClassCastException}.
 */
class AuxiliaryClassBehaviourTest {

  @Test
  void copierOfAnAuxiliaryClass_copies_andRejectsOtherClasses() throws Exception {
    Compiled c =
        CopierHarness.compileAndLoad(
            source(
                "p.Main",
                """
                package p;
                public class Main {}
                @dev.copyexcept.CopyExcept("keep")
                class Aux<T> { T value; int keep; final int[] counts = new int[2]; }
                """));
    Class<?> aux = c.load("p.Aux");
    Object src = c.newInstance("p.Aux");
    Object dest = c.newInstance("p.Aux");
    field(aux, "value").set(src, "v");
    field(aux, "keep").setInt(src, 1);
    field(aux, "keep").setInt(dest, 2);
    ((int[]) field(aux, "counts").get(src))[1] = 9;

    c.copy("p.AuxCopier", src, dest);

    assertThat(field(aux, "value").get(dest)).isEqualTo("v");
    assertThat(field(aux, "keep").getInt(dest)).isEqualTo(2);
    assertThat(((int[]) field(aux, "counts").get(dest))[1]).isEqualTo(9);
    assertThrows(ClassCastException.class, () -> c.copy("p.AuxCopier", "not an Aux", dest));
  }
}

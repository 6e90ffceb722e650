package it.copyexcept;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Run after each build with the expected copied fields (e.g. {@code x,y,z}): Point must have
 * exactly those besides {@code id}, and PointCopier must copy each of them and keep {@code id}.
 */
public final class CheckCopier {
  public static void main(String[] args) throws ReflectiveOperationException {
    List<String> expected = Arrays.asList(args[0].split(","));
    List<String> actual = new ArrayList<>();
    Point src = new Point();
    long value = 1;
    for (Field f : Point.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && !f.getName().equals("id")) {
        actual.add(f.getName());
        f.setLong(src, value++);
      }
    }
    if (!actual.equals(expected)) {
      throw new AssertionError("Point has fields " + actual + ", expected " + expected);
    }
    src.id = 99;
    Point dest = new Point();
    PointCopier.copy(src, dest);
    for (String name : expected) {
      Field f = Point.class.getDeclaredField(name);
      if (f.getLong(dest) != f.getLong(src)) {
        throw new AssertionError("PointCopier did not copy " + name);
      }
    }
    if (dest.id != 0) {
      throw new AssertionError("PointCopier copied the excluded id");
    }
    System.out.println("ok: PointCopier copied " + expected + " and kept id");
  }
}

package dev.copyexcept.example.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.copyexcept.example.debug.WarnKind;
import dev.copyexcept.example.slab.SlabMode;
import dev.copyexcept.example.slab.SlabObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(KernelExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VmaInitTest {
  /** What vm_area_dup re-initialises instead of copying. */
  private static final Set<String> REINITIALISED = Set.of("vm_lock_seq", "anon_vma_chain");

  /**
   * The fields the model had when this test was written: the reflective walk must find at least
   * these.
   */
  private static final Set<String> KNOWN =
      Set.of(
          "vm_start",
          "vm_end",
          "vm_mm",
          "vm_page_prot",
          "vm_flags",
          "vm_lock_seq",
          "vm_refcnt",
          "anon_vma_chain",
          "anon_vma",
          "vm_ops",
          "vm_pgoff",
          "vm_file",
          "vm_private_data");

  /**
   * Every instance field of VmAreaStruct, its own and inherited, except SlabObject's bookkeeping.
   */
  static List<Field> vmaFields() {
    List<Field> out = new ArrayList<>();
    for (Class<?> c = VmAreaStruct.class;
        c != SlabObject.class && c != Object.class;
        c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
          f.setAccessible(true);
          out.add(f);
        }
      }
    }
    return out;
  }

  /**
   * Fills every field of {@code vma} with a distinct non-default value of its type ({@code vm_mm}
   * gets {@code mm}); returns the values by field name. A field of a type with no sample here fails
   * the test with the fix to make.
   */
  static Map<String, Object> fillDistinct(VmAreaStruct vma, MmStruct mm) throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    int i = 0;
    for (Field f : vmaFields()) {
      i++;
      Object v = f.getName().equals("vm_mm") ? mm : sample(f, i, mm);
      f.set(vma, v);
      values.put(f.getName(), v);
    }
    return values;
  }

  private static Object sample(Field f, int i, MmStruct mm) throws Exception {
    Class<?> t = f.getType();
    if (t == long.class) {
      return 0x1000L * (i + 17);
    } else if (t == int.class) {
      return 1000 + i;
    } else if (t == boolean.class) {
      return true;
    } else if (t == byte.class) {
      return (byte) (i + 1);
    } else if (t == short.class) {
      return (short) (i + 1);
    } else if (t == char.class) {
      return (char) ('a' + i);
    } else if (t == float.class) {
      return i + 0.5f;
    } else if (t == double.class) {
      return i + 0.25;
    } else if (t == String.class) {
      return "s" + i;
    } else if (t == MmStruct.class) {
      return mm.kernel().newMm();
    } else if (t == AnonVmaChain.class) {
      AnonVmaChain chain = new AnonVmaChain();
      chain.link(new AnonVma());
      return chain;
    } else if (t == AnonVma.class) {
      return new AnonVma();
    } else if (t == VmOperationsStruct.class) {
      return new VmOperationsStruct("ops" + i, v -> {}, v -> {});
    } else if (t == VmFile.class) {
      return new VmFile("/file" + i, 1 << 20);
    } else if (t == Object.class) {
      return new Object();
    } else if (t.isEnum()) {
      Object[] constants = t.getEnumConstants();
      return constants[constants.length - 1];
    }
    try {
      Constructor<?> c = t.getDeclaredConstructor();
      c.setAccessible(true);
      return c.newInstance();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(
          "VmAreaStruct."
              + f.getName()
              + " has type "
              + t.getName()
              + ", for which this test has no sample value: add one to VmaInitTest.sample()");
    }
  }

  @Test
  void vmaFields_reflection_findsEveryKnownField() {
    Set<String> names = vmaFields().stream().map(Field::getName).collect(Collectors.toSet());
    assertTrue(
        names.containsAll(KNOWN),
        "missing " + KNOWN.stream().filter(n -> !names.contains(n)).toList());
  }

  @ParameterizedTest
  @EnumSource(CopyStrategy.class)
  void vmAreaDup_everyField_copiedExceptRefcntAndReinitialised(
      CopyStrategy strategy, TestKernels kernels) throws Exception {
    Kernel k = kernels.create(SlabMode.TYPESAFE_BY_RCU, strategy);
    MmStruct mm = k.newMm();
    VmAreaStruct src = new VmAreaStruct(); // not from the cache: only read
    Map<String, Object> values = fillDistinct(src, mm);
    VmAreaStruct dup = VmaInit.vmAreaDup(src);

    for (Field f : vmaFields()) {
      Object got = f.get(dup);
      switch (f.getName()) {
        case "vm_refcnt" ->
            assertEquals(0, got, "vm_refcnt is never copied: a copy is born detached");
        case "vm_lock_seq" ->
            assertEquals(MmapLock.VM_LOCK_SEQ_UNLOCKED, got, "vm_lock_seq re-initialised");
        case "anon_vma_chain" -> {
          assertNotNull(got);
          assertNotSame(
              values.get("anon_vma_chain"), got, "a fresh anon_vma_chain, not the original's");
          assertTrue(((AnonVmaChain) got).isEmpty());
        }
        default -> {
          if (f.getType().isPrimitive()) {
            assertEquals(values.get(f.getName()), got, f.getName() + " copied");
          } else {
            assertSame(values.get(f.getName()), got, f.getName() + " copied");
          }
        }
      }
    }
    assertEquals(1000 + indexOf("vm_refcnt"), src.vm_refcnt, "the source is only read");
  }

  @Test
  void memcpyVma_everyField_copiedIncludingRefcnt(TestKernels kernels) throws Exception {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct src = new VmAreaStruct();
    Map<String, Object> values = fillDistinct(src, mm);
    VmAreaStruct dest = new VmAreaStruct();
    VmaInit.memcpyVma(src, dest);
    for (Field f : vmaFields()) {
      if (f.getType().isPrimitive()) {
        assertEquals(
            values.get(f.getName()), f.get(dest), f.getName() + " not copied by memcpyVma: add it");
      } else {
        assertSame(
            values.get(f.getName()), f.get(dest), f.getName() + " not copied by memcpyVma: add it");
      }
    }
  }

  @Test
  void vmAreaAlloc_recycledDirtyObject_everyFieldInitialised(TestKernels kernels) throws Exception {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct dirty = VmaInit.vmAreaAlloc(mm);
    Map<String, Object> values = fillDistinct(dirty, mm);
    MmStruct other = k.newMm();
    dirty.vm_refcnt = 0; // freed detached, as it must be
    VmaInit.vmAreaFree(dirty);

    VmAreaStruct vma = VmaInit.vmAreaAlloc(other);
    assertSame(dirty, vma, "LIFO: the object just freed is the next one allocated");
    for (Field f : vmaFields()) {
      Object got = f.get(vma);
      switch (f.getName()) {
        case "vm_mm" -> assertSame(other, got);
        case "vm_lock_seq" -> assertEquals(MmapLock.VM_LOCK_SEQ_UNLOCKED, got);
        case "anon_vma_chain" -> {
          assertNotSame(values.get("anon_vma_chain"), got);
          assertTrue(((AnonVmaChain) got).isEmpty());
        }
        default -> {
          Object dflt = f.getType().isPrimitive() ? f.get(new VmAreaStruct()) : null;
          assertEquals(dflt, got, f.getName() + " not reset by vmAreaAlloc");
        }
      }
    }
  }

  @Test
  void vmAreaAlloc_fresh_detachedUnlockedWithEmptyChain(TestKernels kernels) {
    MmStruct mm = kernels.create().newMm();
    VmAreaStruct vma = VmaInit.vmAreaAlloc(mm);
    assertSame(mm, vma.vm_mm);
    assertEquals(0, MmapLock.vmaRefcnt(vma));
    assertEquals(MmapLock.VM_LOCK_SEQ_UNLOCKED, MmapLock.vmaLockSeq(vma));
    assertTrue(vma.anon_vma_chain.isEmpty());
    assertNull(vma.vm_file);
  }

  @ParameterizedTest
  @EnumSource(CopyStrategy.class)
  void vmAreaDup_attachedWriteLockedOriginal_copyBornDetachedAndUnlocked(
      CopyStrategy strategy, TestKernels kernels) {
    Kernel k = kernels.create(SlabMode.TYPESAFE_BY_RCU, strategy);
    MmStruct mm = k.newMm();
    VmAreaStruct orig = VmaFixtures.mapVma(mm, 0x10000, 0x12000);
    MmapLock.mmapWriteLock(mm);
    MmapLock.vmaStartWrite(orig);
    VmAreaStruct dup = VmaInit.vmAreaDup(orig);
    assertEquals(1, MmapLock.vmaRefcnt(orig));
    assertEquals(0, MmapLock.vmaRefcnt(dup));
    assertFalse(MmapLock.vmaIsWriteLocked(dup));
    assertTrue(MmapLock.vmaIsWriteLocked(orig));
    assertEquals(0x10000, dup.vm_start);
    assertEquals(0x12000, dup.vm_end);
    VmaInit.vmAreaFree(dup);
    MmapLock.mmapWriteUnlock(mm);
  }

  @Test
  @ExpectWarnings
  void vmAreaFree_attached_warnsFreeAttached(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = VmaFixtures.mapVma(mm, 0x10000, 0x11000);
    VmaInit.vmAreaFree(vma);
    assertEquals(1, k.warningsSink().count(WarnKind.VMA_FREE_ATTACHED));
    assertEquals(1, k.warningsSink().total());
  }

  @Test
  void vmAreaFree_detached_returnsToCache(TestKernels kernels) {
    Kernel k = kernels.create();
    MmStruct mm = k.newMm();
    VmAreaStruct vma = VmaInit.vmAreaAlloc(mm);
    assertEquals(1, k.slabinfo().get(0).activeObjs());
    VmaInit.vmAreaFree(vma);
    assertEquals(0, k.slabinfo().get(0).activeObjs());
    assertNotEquals(null, k.slabinfo().get(0).name());
  }

  private static int indexOf(String name) {
    int i = 0;
    for (Field f : vmaFields()) {
      i++;
      if (f.getName().equals(name)) {
        return i;
      }
    }
    throw new AssertionError(name);
  }
}

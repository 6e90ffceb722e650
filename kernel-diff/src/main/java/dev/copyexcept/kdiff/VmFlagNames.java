package dev.copyexcept.kdiff;

import dev.copyexcept.example.mm.VmFlags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code VmFlags:} mnemonics of {@code /proc/PID/smaps} ({@code show_smap_vma_flags} in {@code
 * fs/proc/task_mmu.c}) for the {@code vm_flags} bits the model has. Bits Linux shows that the model
 * does not have (e.g. {@code sd} soft-dirty, {@code mg} KSM-mergeable) are not compared; when the
 * model gains a flag, add it here and it is compared from then on.
 */
final class VmFlagNames {
  private VmFlagNames() {}

  /** Mnemonic to model bit, in the kernel's bit order. */
  static final Map<String, Long> MODELLED = new LinkedHashMap<>();

  static {
    MODELLED.put("rd", VmFlags.VM_READ);
    MODELLED.put("wr", VmFlags.VM_WRITE);
    MODELLED.put("ex", VmFlags.VM_EXEC);
    MODELLED.put("sh", VmFlags.VM_SHARED);
    MODELLED.put("mr", VmFlags.VM_MAYREAD);
    MODELLED.put("mw", VmFlags.VM_MAYWRITE);
    MODELLED.put("me", VmFlags.VM_MAYEXEC);
    MODELLED.put("ms", VmFlags.VM_MAYSHARE);
    MODELLED.put("gd", VmFlags.VM_GROWSDOWN);
    MODELLED.put("pf", VmFlags.VM_PFNMAP);
    MODELLED.put("lo", VmFlags.VM_LOCKED);
    MODELLED.put("io", VmFlags.VM_IO);
    MODELLED.put("dc", VmFlags.VM_DONTCOPY);
    MODELLED.put("de", VmFlags.VM_DONTEXPAND);
    MODELLED.put("ac", VmFlags.VM_ACCOUNT);
    MODELLED.put("nr", VmFlags.VM_NORESERVE);
    MODELLED.put("mm", VmFlags.VM_MIXEDMAP);
  }

  /** The modelled mnemonics among {@code smapsField} (the text after {@code VmFlags:}). */
  static Set<String> fromSmaps(String smapsField) {
    Set<String> out = new TreeSet<>();
    for (String m : smapsField.trim().split("\\s+")) {
      if (MODELLED.containsKey(m)) {
        out.add(m);
      }
    }
    return out;
  }

  /** The mnemonics of the model's {@code vm_flags}; a bit without a mnemonic here is an error. */
  static Set<String> fromModel(long vmFlags) {
    Set<String> out = new TreeSet<>();
    long rest = vmFlags;
    for (Map.Entry<String, Long> e : MODELLED.entrySet()) {
      if ((vmFlags & e.getValue()) != 0) {
        out.add(e.getKey());
        rest &= ~e.getValue();
      }
    }
    if (rest != 0) {
      out.add("?0x" + Long.toHexString(rest)); // never equal to a Linux mnemonic: a divergence
    }
    return out;
  }

  /** {@code flags} in the kernel's order. */
  static List<String> sorted(Set<String> flags) {
    List<String> out = new ArrayList<>();
    for (String m : MODELLED.keySet()) {
      if (flags.contains(m)) {
        out.add(m);
      }
    }
    for (String m : flags) {
      if (!MODELLED.containsKey(m)) {
        out.add(m);
      }
    }
    return out;
  }
}

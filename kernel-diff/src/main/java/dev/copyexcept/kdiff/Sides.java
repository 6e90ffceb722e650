package dev.copyexcept.kdiff;

import dev.copyexcept.example.mm.Kernel;
import dev.copyexcept.example.mm.MmStruct;
import dev.copyexcept.example.mm.Mman;
import dev.copyexcept.example.mm.VmFile;
import java.util.TreeSet;

/**
 * Both sides of one sequence: the Linux window and the model's address space with the same
 * reservation at the same address, and the files both map (a memfd on Linux, a {@link VmFile} of
 * the same name and size in the model; one fd and one VmFile per file, so that two mappings of it
 * are mappings of one open file, as in Linux).
 */
final class Sides implements AutoCloseable {
  /** The memfds of a sequence: names and sizes in bytes (b ends inside a page). */
  static final String[] FILE_NAMES = {"kdiff-a", "kdiff-b"};

  static final long[] FILE_SIZES = {24 * Window.P, 5 * Window.P + 123};

  /** The variable names of the files in printed scenarios. */
  static final String[] FILE_VARS = {"a", "b"};

  /** Keeps a read from being optimised away. */
  static volatile int sink;

  final Window window;
  final MmStruct mm;
  final VmFile[] files = new VmFile[FILE_NAMES.length];
  final int[] fds = new int[FILE_NAMES.length];

  /** Pages touched for real in this sequence: where residency is compared. */
  final TreeSet<Long> touched = new TreeSet<>();

  /** Resets the window and gives the model the same reservation; opens fresh files. */
  Sides(Window window, Kernel kernel) {
    this.window = window;
    window.reset();
    this.mm = kernel.newMm();
    long r = mm.mmap(window.lo, window.size(), Mman.PROT_NONE, Window.RESERVE_FLAGS);
    if (r != window.lo) {
      throw new IllegalStateException("the model refused the window: " + r);
    }
    for (int i = 0; i < files.length; i++) {
      SysResult fd = Libc.memfdCreate(FILE_NAMES[i]);
      if (fd.isError()) {
        throw new IllegalStateException("memfd_create: " + fd.show());
      }
      fds[i] = (int) fd.value();
      SysResult t = Libc.ftruncate(fds[i], FILE_SIZES[i]);
      if (t.isError()) {
        throw new IllegalStateException("ftruncate: " + t.show());
      }
      files[i] = new VmFile(linuxName(i), FILE_SIZES[i]);
    }
  }

  /** The name {@code /proc/self/maps} shows for memfd {@code i}. */
  static String linuxName(int i) {
    return "/memfd:" + FILE_NAMES[i] + " (deleted)";
  }

  /** Closes the files (their mappings keep them alive until the next reset) and the model's mm. */
  @Override
  public void close() {
    for (int fd : fds) {
      Libc.close(fd);
    }
    mm.exitMmap();
  }
}

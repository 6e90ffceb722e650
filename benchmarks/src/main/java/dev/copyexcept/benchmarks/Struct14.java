package dev.copyexcept.benchmarks;

import dev.copyexcept.CopyExcept;

/** A VMA-sized struct (13 copied fields of mixed types, one excluded) for the copier benchmarks. */
@CopyExcept("refcnt")
public class Struct14 {
  public long start;
  public long end;
  public Object mm;
  public long pageProt;
  public long flags;
  public int lockSeq;
  public int refcnt;
  public Object anonVmaChain;
  public Object anonVma;
  public Object ops;
  public long pgoff;
  public Object file;
  public Object privateData;
  public boolean locked;

  /** The copy a careful person writes by hand today: every field but {@code refcnt}. */
  static void copyByHand(Struct14 src, Struct14 dest) {
    dest.start = src.start;
    dest.end = src.end;
    dest.mm = src.mm;
    dest.pageProt = src.pageProt;
    dest.flags = src.flags;
    dest.lockSeq = src.lockSeq;
    dest.anonVmaChain = src.anonVmaChain;
    dest.anonVma = src.anonVma;
    dest.ops = src.ops;
    dest.pgoff = src.pgoff;
    dest.file = src.file;
    dest.privateData = src.privateData;
    dest.locked = src.locked;
  }
}

package dev.copyexcept.benchmarks.copy;

import dev.copyexcept.CopyExcept;

/**
 * A VMA-sized struct of 20 fields of mixed types, {@code refcnt} excluded: 19 fields copied. The
 * fields are package-private (the generated and hand-written copies assign them directly) and have
 * JavaBean accessors, which MapStruct and Spring's {@code BeanUtils} need.
 */
@CopyExcept("refcnt")
public class Bean20 implements Cloneable {
  long start;
  long end;
  Object mm;
  long pageProt;
  long flags;
  int lockSeq;
  int refcnt;
  Object anonVmaChain;
  Object anonVma;
  Object ops;
  long pgoff;
  Object file;
  Object privateData;
  boolean locked;
  int numaPolicy;
  long swapReadahead;
  Object userfaultCtx;
  short pkey;
  byte mempolicyMode;
  double weight;

  public long getStart() {
    return start;
  }

  public void setStart(long start) {
    this.start = start;
  }

  public long getEnd() {
    return end;
  }

  public void setEnd(long end) {
    this.end = end;
  }

  public Object getMm() {
    return mm;
  }

  public void setMm(Object mm) {
    this.mm = mm;
  }

  public long getPageProt() {
    return pageProt;
  }

  public void setPageProt(long pageProt) {
    this.pageProt = pageProt;
  }

  public long getFlags() {
    return flags;
  }

  public void setFlags(long flags) {
    this.flags = flags;
  }

  public int getLockSeq() {
    return lockSeq;
  }

  public void setLockSeq(int lockSeq) {
    this.lockSeq = lockSeq;
  }

  public int getRefcnt() {
    return refcnt;
  }

  public void setRefcnt(int refcnt) {
    this.refcnt = refcnt;
  }

  public Object getAnonVmaChain() {
    return anonVmaChain;
  }

  public void setAnonVmaChain(Object anonVmaChain) {
    this.anonVmaChain = anonVmaChain;
  }

  public Object getAnonVma() {
    return anonVma;
  }

  public void setAnonVma(Object anonVma) {
    this.anonVma = anonVma;
  }

  public Object getOps() {
    return ops;
  }

  public void setOps(Object ops) {
    this.ops = ops;
  }

  public long getPgoff() {
    return pgoff;
  }

  public void setPgoff(long pgoff) {
    this.pgoff = pgoff;
  }

  public Object getFile() {
    return file;
  }

  public void setFile(Object file) {
    this.file = file;
  }

  public Object getPrivateData() {
    return privateData;
  }

  public void setPrivateData(Object privateData) {
    this.privateData = privateData;
  }

  public boolean isLocked() {
    return locked;
  }

  public void setLocked(boolean locked) {
    this.locked = locked;
  }

  public int getNumaPolicy() {
    return numaPolicy;
  }

  public void setNumaPolicy(int numaPolicy) {
    this.numaPolicy = numaPolicy;
  }

  public long getSwapReadahead() {
    return swapReadahead;
  }

  public void setSwapReadahead(long swapReadahead) {
    this.swapReadahead = swapReadahead;
  }

  public Object getUserfaultCtx() {
    return userfaultCtx;
  }

  public void setUserfaultCtx(Object userfaultCtx) {
    this.userfaultCtx = userfaultCtx;
  }

  public short getPkey() {
    return pkey;
  }

  public void setPkey(short pkey) {
    this.pkey = pkey;
  }

  public byte getMempolicyMode() {
    return mempolicyMode;
  }

  public void setMempolicyMode(byte mempolicyMode) {
    this.mempolicyMode = mempolicyMode;
  }

  public double getWeight() {
    return weight;
  }

  public void setWeight(double weight) {
    this.weight = weight;
  }

  /** The copy a careful person writes by hand: every field but {@code refcnt}. */
  static void copyByHand(Bean20 src, Bean20 dest) {
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
    dest.numaPolicy = src.numaPolicy;
    dest.swapReadahead = src.swapReadahead;
    dest.userfaultCtx = src.userfaultCtx;
    dest.pkey = src.pkey;
    dest.mempolicyMode = src.mempolicyMode;
    dest.weight = src.weight;
  }

  @Override
  public Bean20 clone() {
    try {
      return (Bean20) super.clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }
}

package it.copyexcept;

import dev.copyexcept.CopyExcept;
import lombok.Getter;
import lombok.Setter;

/** Private fields whose accessors only Lombok writes: the copier must use them. */
@CopyExcept("refcnt")
public class Account {
  @Getter @Setter private String owner;
  @Getter @Setter private long balance;
  @Getter @Setter private boolean frozen;
  @Getter private int refcnt;

  void retain() {
    refcnt++;
  }
}

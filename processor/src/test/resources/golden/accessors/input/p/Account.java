package p;

import dev.copyexcept.CopyExcept;

/** Private fields copied through their accessors. */
@CopyExcept("id")
public class Account {
  private long id;
  private String owner;
  private boolean active;
  private final int[] history = new int[4];

  public long getId() {
    return id;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }

  public boolean isActive() {
    return active;
  }

  public void setActive(boolean active) {
    this.active = active;
  }

  public int[] getHistory() {
    return history;
  }
}

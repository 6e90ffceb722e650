package it.copyexcept;

/** Run by the integration test: fails unless both copiers copy through Lombok's accessors. */
public final class CheckCopier {
  public static void main(String[] args) {
    Account a = new Account();
    a.setOwner("ada");
    a.setBalance(42);
    a.setFrozen(true);
    a.retain();
    Account b = new Account();
    AccountCopier.copy(a, b);
    check(
        "ada".equals(b.getOwner()) && b.getBalance() == 42 && b.isFrozen() && b.getRefcnt() == 0,
        "AccountCopier: owner, balance, frozen copied; refcnt kept");

    Address x = new Address();
    x.setStreet("Main St");
    x.setCity("Springfield");
    x.setVersion(7);
    Address y = new Address();
    AddressCopier.copy(x, y);
    check(
        "Main St".equals(y.getStreet()) && "Springfield".equals(y.getCity()) && y.getVersion() == 0,
        "AddressCopier: street, city copied; version kept");
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("not as declared: " + what);
    }
    System.out.println("ok: " + what);
  }
}

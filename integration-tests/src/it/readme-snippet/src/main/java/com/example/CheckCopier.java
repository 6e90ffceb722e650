package com.example;

/** Run by the integration test (exec:java): fails unless CustomerCopier copies as declared. */
public final class CheckCopier {
  public static void main(String[] args) {
    Customer src = new Customer();
    src.id = 1;
    src.name = "Ada";
    src.email = "ada@example.com";
    src.orders = 3;
    Customer dest = new Customer();
    dest.id = 2;
    CustomerCopier.copy(src, dest);
    if (dest.id != 2 || !"Ada".equals(dest.name) || !"ada@example.com".equals(dest.email)
        || dest.orders != 3) {
      throw new AssertionError("CustomerCopier did not copy name, email, orders and keep id");
    }
    System.out.println("readme-snippet: CustomerCopier copied name, email, orders; kept id");
  }
}

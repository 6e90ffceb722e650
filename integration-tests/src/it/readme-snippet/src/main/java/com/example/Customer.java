package com.example;

import dev.copyexcept.CopyExcept;

/** The README's example class: every field but {@code id} is copied. */
@CopyExcept("id")
public class Customer {
  long id;
  String name;
  String email;
  int orders;
}

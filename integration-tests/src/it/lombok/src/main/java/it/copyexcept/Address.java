package it.copyexcept;

import dev.copyexcept.CopyExcept;
import lombok.Data;

/** Class-level Lombok (@Data): getters and setters for every field. */
@Data
@CopyExcept("version")
public class Address {
  private String street;
  private String city;
  private int version;
}

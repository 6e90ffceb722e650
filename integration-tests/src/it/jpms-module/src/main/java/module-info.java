/** A named module: the annotation is needed at compile time only, hence `requires static`. */
module it.copyexcept.jpms {
  requires static dev.copyexcept.annotations;
}

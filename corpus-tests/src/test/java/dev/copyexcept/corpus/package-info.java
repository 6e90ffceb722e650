/**
 * The processor on real-world code: every class of the sources jars of commons-lang3 and
 * commons-collections4 gets {@code @CopyExcept} (through javac's parser), the result is compiled
 * with the processor, every generated copier is compiled, and every copier of a concrete class is
 * checked field by field at run time against the contract.
 */
package dev.copyexcept.corpus;

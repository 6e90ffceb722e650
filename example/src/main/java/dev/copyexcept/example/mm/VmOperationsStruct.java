package dev.copyexcept.example.mm;

import java.util.function.Consumer;

/**
 * {@code struct vm_operations_struct}: the hooks a driver or file system attaches to its VMAs. A
 * VMA with a {@code close} hook is never deleted by a merge (its close could not be called exactly
 * once per mapping otherwise).
 *
 * @param name a label for {@code maps()}-style output and debugging
 * @param open called when a VMA is duplicated or split ({@code vm_ops->open}), or null
 * @param close called when a VMA is unmapped ({@code vm_ops->close}), or null
 */
record VmOperationsStruct(String name, Consumer<VmAreaStruct> open, Consumer<VmAreaStruct> close) {}

/**
 * JMH benchmarks of copy-except and of the example model, and the tools that turn their results
 * into docs/performance.md. One package per concern: {@code copy} (the copier against every
 * alternative), {@code locks} (read sections and read locks), {@code model} (the fault path and the
 * slab modes), {@code compile} (the compile-cost measurement), {@code report} (JMH JSON to tables
 * and PNG plots). The module is compiled in the default build; no benchmark runs there.
 */
package dev.copyexcept.benchmarks;

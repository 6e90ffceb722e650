/**
 * Checks of the integration-test module itself; the consumer builds are the Maven projects in
 * {@code src/it}, run by maven-invoker-plugin.
 */
package dev.copyexcept.it;

/**
 * Writing a copier from its {@link dev.copyexcept.processor.model.CopierModel} with JavaPoet.
 *
 * <p>The writer reads only the model. Its output depends on nothing else (no date, no hash
 * iteration), so the same sources always give byte-identical files.
 */
package dev.copyexcept.processor.codegen;

package dev.copyexcept.example.mm;

/**
 * An immutable snapshot of one VMA, as {@code MmStruct.vmas()} lists them in address order.
 *
 * @param start first address (page aligned)
 * @param end one past the last address (page aligned)
 * @param flags the {@link VmFlags} bits
 * @param pgoff offset in pages: into the file, or for an anonymous private mapping its start in
 *     pages
 * @param file the mapped file, or null for an anonymous mapping
 */
public record VmaInfo(long start, long end, long flags, long pgoff, VmFile file) {}

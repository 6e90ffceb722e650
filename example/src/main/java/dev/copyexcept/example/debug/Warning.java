package dev.copyexcept.example.debug;

/**
 * One warning site and how often it fired: a row of the model's {@code dmesg}.
 *
 * @param kind what was detected
 * @param site where, as {@code Class.method(File.java:line)} of the first frame outside the checker
 * @param count how many times this kind fired at this site
 */
public record Warning(WarnKind kind, String site, long count) {}

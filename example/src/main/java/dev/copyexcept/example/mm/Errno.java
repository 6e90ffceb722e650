package dev.copyexcept.example.mm;

/**
 * The errno values of {@code <asm-generic/errno-base.h>} that the model's syscalls return, positive
 * as in C; a syscall returns them negated ({@code -Errno.EINVAL}).
 */
public final class Errno {
  private Errno() {}

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EFAULT = 14;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int EOVERFLOW = 75;
  public static final int EOPNOTSUPP = 95;

  /**
   * The C name of an errno value ({@code 22 -> "EINVAL"}), or {@code "E?<n>"}; accepts negated
   * values.
   */
  public static String name(long errno) {
    return switch ((int) Math.abs(errno)) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case EINTR -> "EINTR";
      case EBADF -> "EBADF";
      case EAGAIN -> "EAGAIN";
      case ENOMEM -> "ENOMEM";
      case EACCES -> "EACCES";
      case EFAULT -> "EFAULT";
      case EBUSY -> "EBUSY";
      case EEXIST -> "EEXIST";
      case ENODEV -> "ENODEV";
      case EINVAL -> "EINVAL";
      case EOVERFLOW -> "EOVERFLOW";
      case EOPNOTSUPP -> "EOPNOTSUPP";
      default -> "E?" + Math.abs(errno);
    };
  }

  /** True when a syscall's return value is an error ({@code IS_ERR_VALUE}: -4095..-1). */
  public static boolean isError(long ret) {
    return ret < 0 && ret >= -4095;
  }
}

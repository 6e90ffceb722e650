package dev.copyexcept.kdiff;

import dev.copyexcept.example.mm.Errno;

/**
 * A syscall's answer in the model's convention: {@code value} is the result (an address, 0, a file
 * descriptor), or a negative errno.
 */
record SysResult(long value) {
  boolean isError() {
    return Errno.isError(value);
  }

  /** {@code 0x7f0000001000}, or {@code -EINVAL}. */
  String show() {
    return isError() ? "-" + Errno.name(value) : "0x" + Long.toHexString(value);
  }
}

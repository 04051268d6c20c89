package org.kmodsim.kernel;

/**
 * The errno values the model returns, with the x86 numbers and the glibc strerror texts that the
 * user tools print ("File exists", "Device or resource busy").
 */
public enum Errno {
  EPERM(1, "Operation not permitted"),
  ENOENT(2, "No such file or directory"),
  EINTR(4, "Interrupted system call"),
  EIO(5, "Input/output error"),
  E2BIG(7, "Argument list too long"),
  ENOEXEC(8, "Exec format error"),
  EBADF(9, "Bad file descriptor"),
  EAGAIN(11, "Resource temporarily unavailable"),
  ENOMEM(12, "Cannot allocate memory"),
  EACCES(13, "Permission denied"),
  EFAULT(14, "Bad address"),
  EBUSY(16, "Device or resource busy"),
  EEXIST(17, "File exists"),
  ENODEV(19, "No such device"),
  ENOTDIR(20, "Not a directory"),
  EISDIR(21, "Is a directory"),
  EINVAL(22, "Invalid argument"),
  ENOSPC(28, "No space left on device"),
  ESPIPE(29, "Illegal seek"),
  EPIPE(32, "Broken pipe"),
  ERANGE(34, "Numerical result out of range"),
  ENAMETOOLONG(36, "File name too long"),
  ENOSYS(38, "Function not implemented"),
  EILSEQ(84, "Invalid or incomplete multibyte or wide character"),
  EOPNOTSUPP(95, "Operation not supported"),
  ETIMEDOUT(110, "Connection timed out"),
  ENOKEY(126, "Required key not available"),
  EKEYREJECTED(129, "Key was rejected by service"),
  ENOTSUPP(524, "Unknown error 524");

  /** EWOULDBLOCK is EAGAIN on Linux. */
  public static final Errno EWOULDBLOCK = EAGAIN;

  private final int number;
  private final String message;

  Errno(int number, String message) {
    this.number = number;
    this.message = message;
  }

  /**
   * The errno called {@code name} ({@code ENOMEM}, {@code -ENOMEM}, {@code enomem}), for
   * configuration and scenario files.
   *
   * @throws IllegalArgumentException naming the unknown errno, with a few of the known ones
   */
  public static Errno parse(String name) {
    String wanted = name.strip().replaceFirst("^-", "").toUpperCase(java.util.Locale.ROOT);
    if (wanted.equals("EWOULDBLOCK")) {
      return EWOULDBLOCK;
    }
    for (Errno errno : values()) {
      if (errno.name().equals(wanted)) {
        return errno;
      }
    }
    throw new IllegalArgumentException(
        "unknown errno '"
            + name
            + "' (the model knows "
            + java.util.Arrays.toString(values())
            + ")");
  }

  /** strerror(3) of errno {@code number}: glibc's text, or "Unknown error N". */
  public static String strerror(long number) {
    for (Errno errno : values()) {
      if (errno.number == number) {
        return errno.message;
      }
    }
    return "Unknown error " + number;
  }

  /** Whether {@link #parse} knows {@code name}. */
  public static boolean known(String name) {
    try {
      parse(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public int number() {
    return number;
  }

  /** The kernel's return value: {@code -errno}. */
  public int negative() {
    return -number;
  }

  /** strerror(3) text. */
  public String message() {
    return message;
  }

  public static Errno ofNumber(int number) {
    int positive = Math.abs(number);
    for (Errno errno : values()) {
      if (errno.number == positive) {
        return errno;
      }
    }
    throw new IllegalArgumentException("unknown errno " + number);
  }
}

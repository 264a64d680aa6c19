package io.autoops.pipelines;

/**
 * A failure the user can fix: a missing path, an unknown format, a bad configuration value, an
 * unreadable model. The message names the thing, the bad value and the fix; the CLI prints it as
 * one line and exits non-zero, with the stack trace only under {@code --verbose}.
 */
public class AutoopsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AutoopsException(String message) {
    super(message);
  }

  public AutoopsException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The first line of an exception's message, for a one-line error; {@code (no message)} if none.
   */
  public static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}

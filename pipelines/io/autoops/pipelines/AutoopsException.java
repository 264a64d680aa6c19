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
}

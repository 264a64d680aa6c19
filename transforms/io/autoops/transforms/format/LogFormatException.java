package io.autoops.transforms.format;

/**
 * A log format file that cannot be used: the message names the file, the field, the bad value and
 * what is allowed. The job layer reports it to the user as a user-fixable failure.
 */
public class LogFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public LogFormatException(String message) {
    super(message);
  }
}

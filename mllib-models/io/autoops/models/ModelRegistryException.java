package io.autoops.models;

/** A model that is not registered, or whose files cannot be read; the message names the path. */
public class ModelRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}

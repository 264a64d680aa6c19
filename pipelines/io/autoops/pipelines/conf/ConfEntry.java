package io.autoops.pipelines.conf;

import io.autoops.pipelines.AutoopsException;
import java.util.function.Function;

/**
 * One configuration key: its name, default, how its text becomes a value, and what is allowed.
 * Declared once in {@link AutoopsConf}; read with {@link AutoopsConf#get(ConfEntry)}.
 *
 * @param <T> the value type
 * @param key the full key, starting with {@code spark.autoops.}
 * @param defaultValue the default as text, parsed like a user's value
 * @param parser turns the text into a value, throwing {@link IllegalArgumentException} when it is
 *     not allowed
 * @param allowed what a valid value looks like, for the error message
 * @param secret whether the value must never be shown (logs, messages, {@code toString})
 */
public record ConfEntry<T>(
    String key, String defaultValue, Function<String, T> parser, String allowed, boolean secret) {

  /** Parses {@code text}, or fails with a message naming the key, the value and what is allowed. */
  public T parse(String text) {
    try {
      return parser.apply(text.trim());
    } catch (RuntimeException e) {
      String shown = secret ? "<redacted>" : "'" + text + "'";
      throw new AutoopsException(
          "Invalid configuration " + key + "=" + shown + ": expected " + allowed + ".", e);
    }
  }
}

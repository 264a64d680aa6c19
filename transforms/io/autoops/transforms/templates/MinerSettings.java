package io.autoops.transforms.templates;

import java.io.Serializable;
import java.util.List;

/**
 * How template mining treats one log format: the masks applied to a message before it is split into
 * tokens (each regex match becomes one wildcard token), and the Drain parameters.
 *
 * @param masks Java regexes whose matches are replaced by a wildcard before mining
 * @param depth depth of Drain's prefix tree (at least 3)
 * @param similarity Drain's similarity threshold, from 0 to 1
 */
public record MinerSettings(List<String> masks, int depth, double similarity)
    implements Serializable {
  public MinerSettings {
    masks = List.copyOf(masks);
  }

  /** Drain's usual defaults with no masks. */
  public static MinerSettings defaults() {
    return new MinerSettings(List.of(), 4, 0.5);
  }
}

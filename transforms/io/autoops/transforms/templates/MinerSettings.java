package io.autoops.transforms.templates;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How template mining treats one log format: the masks applied to a message before it is split into
 * tokens (each regex match becomes one wildcard token), and the Drain parameters.
 *
 * @param masks Java regexes whose matches are replaced by a wildcard before mining, applied in
 *     order; null means none
 * @param depth depth of Drain's prefix tree counting the root and the token-count level, so {@code
 *     depth - 2} leading tokens pick the leaf (at least 3)
 * @param similarity Drain's similarity threshold, from 0 to 1: the share of equal tokens a message
 *     needs to join a template
 * @param maxChildren most children of one tree node before further new tokens share the {@code *}
 *     branch (at least 2); 0 means the default, {@value #DEFAULT_MAX_CHILDREN}
 */
public record MinerSettings(List<String> masks, int depth, double similarity, int maxChildren)
    implements Serializable {
  /** Drain's usual bound on the children of one tree node. */
  public static final int DEFAULT_MAX_CHILDREN = 100;

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the bad value and what is allowed
   */
  public MinerSettings {
    masks = masks == null ? List.of() : List.copyOf(masks);
    if (depth < 3) {
      throw new IllegalArgumentException(
          "Template miner depth " + depth + " is too small: use 3 or more (4 is usual).");
    }
    if (!(similarity >= 0.0 && similarity <= 1.0)) {
      throw new IllegalArgumentException(
          "Template miner similarity "
              + similarity
              + " is out of range: use 0 to 1 (0.5 is usual).");
    }
    if (maxChildren == 0) {
      maxChildren = DEFAULT_MAX_CHILDREN;
    }
    if (maxChildren < 2) {
      throw new IllegalArgumentException(
          "Template miner maxChildren "
              + maxChildren
              + " is too small: use 2 or more, or 0 for "
              + DEFAULT_MAX_CHILDREN
              + ".");
    }
    for (String mask : masks) {
      try {
        Pattern.compile(mask);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "Template miner mask '" + mask + "' is not a Java regex: " + e.getDescription(), e);
      }
    }
  }

  /** Settings with the default {@code maxChildren}. */
  public MinerSettings(List<String> masks, int depth, double similarity) {
    this(masks, depth, similarity, DEFAULT_MAX_CHILDREN);
  }

  /** Drain's usual defaults with no masks. */
  public static MinerSettings defaults() {
    return new MinerSettings(List.of(), 4, 0.5);
  }
}

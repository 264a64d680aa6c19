package io.autoops.transforms.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Numbers the named groups of a Java regex, because Spark's {@code regexp_extract} takes a group
 * number and Java 17 has no public API for the name-to-number map.
 *
 * <p>Counts the capturing groups left to right, skipping escapes, {@code \Q...\E} quotes and
 * character classes. Comments under the {@code (?x)} flag are not understood; the count is checked
 * against {@link java.util.regex.Matcher#groupCount()} and a mismatch is rejected.
 */
final class RegexGroups {
  private RegexGroups() {}

  /**
   * Named groups and their numbers.
   *
   * @throws IllegalArgumentException when the regex does not compile or cannot be numbered
   */
  static Map<String, Integer> named(String regex) {
    Map<String, Integer> named = new LinkedHashMap<>();
    int groups = 0;
    int classDepth = 0;
    int length = regex.length();
    for (int i = 0; i < length; i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 < length && regex.charAt(i + 1) == 'Q') {
          int end = regex.indexOf("\\E", i + 2);
          i = end < 0 ? length : end + 1;
        } else {
          i++;
        }
      } else if (classDepth > 0) {
        if (c == '[') {
          classDepth++;
        } else if (c == ']') {
          classDepth--;
        }
      } else if (c == '[') {
        classDepth = 1;
        int next = i + 1;
        if (next < length && regex.charAt(next) == '^') {
          next++;
        }
        if (next < length && regex.charAt(next) == ']') {
          next++; // a ']' first in a class is a literal
        }
        i = next - 1;
      } else if (c == '(') {
        if (i + 1 < length && regex.charAt(i + 1) == '?') {
          if (i + 3 < length
              && regex.charAt(i + 2) == '<'
              && Character.isLetter(regex.charAt(i + 3))) {
            groups++;
            named.put(regex.substring(i + 3, regex.indexOf('>', i + 3)), groups);
          }
        } else {
          groups++;
        }
      }
    }
    int compiled = Pattern.compile(regex).matcher("").groupCount();
    if (compiled != groups) {
      throw new IllegalArgumentException(
          "cannot number the groups of this regex (found "
              + groups
              + ", Java counts "
              + compiled
              + "); avoid (?x) comments");
    }
    return Collections.unmodifiableMap(named);
  }
}

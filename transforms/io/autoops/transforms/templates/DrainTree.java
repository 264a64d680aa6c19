package io.autoops.transforms.templates;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One Drain parse tree (He et al., "Drain: An Online Log Parsing Approach with Fixed Depth Tree",
 * ICWS 2017), written from the paper, for the messages of one log format fed one at a time in a
 * fixed order.
 *
 * <p>A message is first masked (each match of each {@link MinerSettings#masks()} regex, in order,
 * becomes {@value #WILDCARD}) and split on whitespace. The tree's first level splits messages by
 * token count, the next {@code depth - 2} levels by the leading tokens, and each leaf holds a list
 * of clusters (a template and its id). A token with a digit or a wildcard takes the {@code *}
 * branch; a token without a branch of its own searches the {@code *} branch, and gets a branch of
 * its own only when it starts a cluster and the node has fewer than {@link
 * MinerSettings#maxChildren()} children. In its leaf the message joins the most similar cluster
 * when the similarity reaches {@link MinerSettings#similarity()}, and the template's differing
 * positions become {@value #WILDCARD}; otherwise it starts a new cluster with itself as template.
 *
 * <p>Similarity is the share of positions where the template token equals the message token. A
 * masked value equals a template wildcard (both are {@value #WILDCARD}), while a value that the
 * template wildcarded only by merging does not: masking is domain knowledge that a position is a
 * parameter, a merge is a guess. (The reference implementation counts no wildcard as equal; on the
 * loghub 2k samples with masks for numbers this choice is what lifts OpenSSH and Linux.) Ties go to
 * the cluster with more wildcards, then to the older one.
 *
 * <p>One addition to the paper, for stable ids: a message that fits a template of its leaf (equal
 * at every non-wildcard position) joins that cluster before similarity is computed, the most
 * specific template (fewest wildcards) first, then the older. So a message keeps the id of a known
 * template it fits even when the template has so many wildcards that its similarity would be low.
 *
 * <p>Ids: a known template keeps its id; a new cluster's id is {@code <format>-} followed by the
 * first 12 hex digits of the SHA-256 of {@code format + "\n" + template} as the cluster was created
 * (the masked first message, tokens joined by one space), with {@code -2}, {@code -3}, ... appended
 * when that id is taken in this tree. So the same messages in the same order, on top of the same
 * known templates, give the same ids; ids do not depend on partitioning or on the other formats.
 *
 * <p>Not thread-safe; one instance per format per task.
 */
final class DrainTree {
  static final String WILDCARD = "<*>";
  private static final String STAR = "*";
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private final String format;
  private final int prefixLevels;
  private final double similarity;
  private final int maxChildren;
  private final List<Pattern> masks;
  private final Map<Integer, Node> byLength = new HashMap<>();
  private final Set<String> ids = new HashSet<>();

  DrainTree(String format, MinerSettings settings) {
    this.format = format;
    this.prefixLevels = settings.depth() - 2;
    this.similarity = settings.similarity();
    this.maxChildren = settings.maxChildren();
    this.masks = settings.masks().stream().map(Pattern::compile).toList();
  }

  /** A template id and the template text after a message joined it. */
  record Match(String templateId, String template) {}

  /**
   * Adds a known template under its id, so that messages fitting it keep that id. Seed templates
   * before adding messages, in a fixed order (older first).
   */
  void seed(String templateId, String template) {
    String[] tokens = tokenize(template);
    ids.add(templateId);
    leaf(tokens).add(new Cluster(templateId, tokens));
  }

  /** Masks and splits {@code message}, finds or creates its cluster, and returns the match. */
  Match add(String message) {
    String[] tokens = tokenize(mask(message == null ? "" : message));
    Cluster best = null;
    List<Cluster> found = find(tokens);
    if (found != null) {
      best = fitting(found, tokens);
      if (best == null) {
        best = mostSimilar(found, tokens);
      }
    }
    if (best == null) {
      best = new Cluster(newId(tokens), tokens.clone());
      leaf(tokens).add(best);
    } else {
      best.merge(tokens);
    }
    return new Match(best.id, best.text());
  }

  private String mask(String message) {
    String masked = message;
    for (Pattern mask : masks) {
      masked = mask.matcher(masked).replaceAll(WILDCARD);
    }
    return masked;
  }

  private static String[] tokenize(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? new String[0] : SPACE.split(trimmed);
  }

  /**
   * The leaf a message searches: its token's branch at each level, else the {@code *} branch; null
   * when neither exists.
   */
  private List<Cluster> find(String[] tokens) {
    Node node = byLength.get(tokens.length);
    int levels = Math.min(prefixLevels, tokens.length);
    for (int i = 0; i < levels && node != null; i++) {
      Node next = isVariable(tokens[i]) ? null : node.children.get(tokens[i]);
      node = next != null ? next : node.children.get(STAR);
    }
    return node == null ? null : node.clusters;
  }

  /** The leaf a new cluster goes to, creating the branches it needs. */
  private List<Cluster> leaf(String[] tokens) {
    Node node = byLength.computeIfAbsent(tokens.length, n -> new Node());
    int levels = Math.min(prefixLevels, tokens.length);
    for (int i = 0; i < levels; i++) {
      node = node.child(isVariable(tokens[i]) ? STAR : tokens[i], maxChildren);
    }
    return node.clusters;
  }

  private static boolean isVariable(String token) {
    if (token.contains(WILDCARD)) {
      return true;
    }
    for (int i = 0; i < token.length(); i++) {
      if (Character.isDigit(token.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static Cluster fitting(List<Cluster> clusters, String[] tokens) {
    Cluster best = null;
    for (Cluster cluster : clusters) {
      if (cluster.fits(tokens) && (best == null || cluster.wildcards < best.wildcards)) {
        best = cluster;
      }
    }
    return best;
  }

  private Cluster mostSimilar(List<Cluster> clusters, String[] tokens) {
    Cluster best = null;
    int bestEqual = -1;
    for (Cluster cluster : clusters) {
      int equal = cluster.equalTokens(tokens);
      if (equal > bestEqual || (equal == bestEqual && cluster.wildcards > best.wildcards)) {
        best = cluster;
        bestEqual = equal;
      }
    }
    if (best == null) {
      return null;
    }
    double share = tokens.length == 0 ? 1.0 : (double) bestEqual / tokens.length;
    return share >= similarity ? best : null;
  }

  private String newId(String[] tokens) {
    String base = format + "-" + hash(format + "\n" + String.join(" ", tokens));
    String id = base;
    for (int n = 2; !ids.add(id); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** An inner node: children by token, or the clusters of a leaf. */
  private static final class Node {
    private final Map<String, Node> children = new HashMap<>();
    private final List<Cluster> clusters = new ArrayList<>();

    Node child(String token, int maxChildren) {
      Node next = children.get(token);
      if (next != null) {
        return next;
      }
      String key = token;
      int named = children.size() - (children.containsKey(STAR) ? 1 : 0);
      if (!token.equals(STAR) && named >= maxChildren - 1) {
        key = STAR;
      }
      return children.computeIfAbsent(key, k -> new Node());
    }
  }

  /** A log group: its id and its template tokens. */
  private static final class Cluster {
    private final String id;
    private final String[] template;
    private int wildcards;

    Cluster(String id, String[] template) {
      this.id = id;
      this.template = template;
      for (String token : template) {
        if (token.equals(WILDCARD)) {
          wildcards++;
        }
      }
    }

    boolean fits(String[] tokens) {
      for (int i = 0; i < tokens.length; i++) {
        if (!template[i].equals(WILDCARD) && !template[i].equals(tokens[i])) {
          return false;
        }
      }
      return true;
    }

    int equalTokens(String[] tokens) {
      int equal = 0;
      for (int i = 0; i < tokens.length; i++) {
        if (template[i].equals(tokens[i])) {
          equal++;
        }
      }
      return equal;
    }

    void merge(String[] tokens) {
      for (int i = 0; i < tokens.length; i++) {
        if (!template[i].equals(WILDCARD) && !template[i].equals(tokens[i])) {
          template[i] = WILDCARD;
          wildcards++;
        }
      }
    }

    String text() {
      return String.join(" ", template);
    }
  }
}

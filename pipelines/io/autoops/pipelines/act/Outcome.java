package io.autoops.pipelines.act;

/**
 * What executing one decision came to.
 *
 * @param status {@code succeeded} or {@code failed}
 * @param attempts how many times the executor tried; 0 when it did not try
 * @param detail a short human-readable account, free of secrets
 */
public record Outcome(String status, int attempts, String detail) {

  static Outcome succeeded(int attempts, String detail) {
    return new Outcome(Ledger.SUCCEEDED, attempts, detail);
  }

  static Outcome failed(int attempts, String detail) {
    return new Outcome(Ledger.FAILED, attempts, detail);
  }
}

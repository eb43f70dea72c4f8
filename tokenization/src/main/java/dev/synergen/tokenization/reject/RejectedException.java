package dev.synergen.tokenization.reject;




/**
 * Thrown inside per-record validation to refuse the record; callers turn it into a reject row.
 *
 * <p>Refusals are expected on noisy corpora, so the exception carries no stack trace (filling one
 * per bad record would cost more than validating it).
 */
public final class RejectedException extends Exception {
  private final Rejection rejection;

  public RejectedException(RejectReason reason, String detail) {
    super(reason + ": " + detail, null, false, false);
    this.rejection = new Rejection(reason, detail);
  }

  public Rejection rejection() {
    return rejection;
  }

  public RejectReason reason() {
    return rejection.reason();
  }
}

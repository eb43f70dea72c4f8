package dev.synergen.eval.probes;

/** Stable error classes of the probes package; tests and callers match them exactly. */
public final class ProbeErrors {
  /** A benchmark item or its construction parameters are malformed or cannot be realised in the world. */
  public static final String INVALID = "EVAL_PROBE_INVALID";

  private ProbeErrors() {}
}

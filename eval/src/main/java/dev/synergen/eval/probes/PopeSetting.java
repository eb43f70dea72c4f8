package dev.synergen.eval.probes;

import java.util.Locale;

/** POPE's three ways of choosing the absent objects that negative probes ask about. */
public enum PopeSetting {
  /** Uniformly among the kinds absent from the image. */
  RANDOM,
  /** The kinds most frequent in the whole probe set that are absent from the image. */
  POPULAR,
  /** The kinds that co-occur most often with the probed present kind but are absent from the image. */
  ADVERSARIAL;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}

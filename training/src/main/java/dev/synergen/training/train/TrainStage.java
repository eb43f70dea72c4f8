package dev.synergen.training.train;

import dev.synergen.training.model.ParameterGroup;
import dev.synergen.training.optim.ScheduleKind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The stages of SynerGen-VL's progressive alignment (DESIGN section 1): which parameter groups
 * train, and the default schedule. S1 and S2 assume a pretrained LLM (import one with
 * {@code --init-llama}, or start S2 from an S1 checkpoint); FULL trains everything from scratch,
 * which is what the demo does since no pretrained LLM is available offline.
 */
public enum TrainStage {
  /** Image parameters only (LLM frozen); constant 1e-4 as in the paper. */
  S1(EnumSet.of(ParameterGroup.IMAGE), ScheduleKind.CONSTANT, 1e-4),
  /** Image parameters and self-attention (text FFNs, norms and embeddings frozen); cosine 5e-5 as in the paper. */
  S2(EnumSet.of(ParameterGroup.IMAGE, ParameterGroup.ATTENTION), ScheduleKind.COSINE, 5e-5),
  /** Instruction tuning: everything trains; cosine 2e-5 (the paper gives no rate; InternVL's SFT uses 2e-5). */
  SFT(EnumSet.allOf(ParameterGroup.class), ScheduleKind.COSINE, 2e-5),
  /** Everything from scratch (no pretrained LLM): cosine 1e-3, a common rate for models of a few million parameters. */
  FULL(EnumSet.allOf(ParameterGroup.class), ScheduleKind.COSINE, 1e-3),
  /**
   * A base language model from scratch on text-only sequences (task {@code text}): all parameters,
   * cosine 1e-3; what S1 and S2 then start from when no pretrained LLM is at hand.
   */
  TEXT(EnumSet.allOf(ParameterGroup.class), ScheduleKind.COSINE, 1e-3);

  /** The {@code task} of text-only sequences ({@code synergen pack-text}). */
  public static final String TEXT_TASK = "text";

  private final Set<ParameterGroup> groups;
  private final ScheduleKind schedule;
  private final double learningRate;

  TrainStage(Set<ParameterGroup> groups, ScheduleKind schedule, double learningRate) {
    this.groups = groups;
    this.schedule = schedule;
    this.learningRate = learningRate;
  }

  /** The groups that train; the others are frozen and carry no optimizer state. */
  public Set<ParameterGroup> trainableGroups() {
    return EnumSet.copyOf(groups);
  }

  public ScheduleKind defaultSchedule() {
    return schedule;
  }

  public double defaultLearningRate() {
    return learningRate;
  }

  /**
   * Whether this stage trains on text-only sequences (task {@value #TEXT_TASK}) rather than on
   * every other task (t2i, i2t and whatever image-text tasks a table holds).
   */
  public boolean textOnly() {
    return this == TEXT;
  }

  /** The lower-case name used in tables and on the command line (s1, s2, sft, full, text). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

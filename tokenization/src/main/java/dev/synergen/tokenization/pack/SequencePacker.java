package dev.synergen.tokenization.pack;

import dev.synergen.tokenization.vocab.PackedSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits samples to the model's context length: {@link #pad} makes one sequence per sample,
 * {@link #pack} concatenates consecutive samples greedily; the tail of each sequence is PAD
 * without loss. A sample longer than the context is the caller's to reject: nothing is truncated.
 */
public final class SequencePacker {
  private final int contextLength;
  private final int padId;

  public SequencePacker(int contextLength, int padId) {
    if (contextLength < 2) {
      throw new IllegalArgumentException("contextLength must be >= 2, got " + contextLength);
    }
    this.contextLength = contextLength;
    this.padId = padId;
  }

  /** A sequence of its samples' tokens followed by padding, and the indices of its samples. */
  public record Sequence(int[] tokens, boolean[] lossMask, int usedTokens, List<Integer> members) {}

  public boolean fits(PackedSample sample) {
    return sample.length() <= contextLength;
  }

  public Sequence pad(PackedSample sample) {
    return pack(List.of(sample)).get(0);
  }

  /** Greedy in the given order: a sample that does not fit the open sequence starts the next one. */
  public List<Sequence> pack(List<PackedSample> samples) {
    List<Sequence> out = new ArrayList<>();
    int[] tokens = null;
    boolean[] loss = null;
    int used = 0;
    List<Integer> members = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      PackedSample s = samples.get(i);
      if (!fits(s)) {
        throw new IllegalArgumentException("sample " + i + " has " + s.length() + " tokens, more than the context length "
            + contextLength + "; reject it before packing");
      }
      if (tokens != null && used + s.length() > contextLength) {
        out.add(new Sequence(tokens, loss, used, members));
        tokens = null;
      }
      if (tokens == null) {
        tokens = new int[contextLength];
        Arrays.fill(tokens, padId);
        loss = new boolean[contextLength];
        used = 0;
        members = new ArrayList<>();
      }
      System.arraycopy(s.tokens(), 0, tokens, used, s.length());
      System.arraycopy(s.lossMask(), 0, loss, used, s.length());
      used += s.length();
      members.add(i);
    }
    if (tokens != null) {
      out.add(new Sequence(tokens, loss, used, members));
    }
    return out;
  }

  public int contextLength() {
    return contextLength;
  }
}

package dev.synergen.tokenization.bench;

import dev.synergen.tokenization.vq.ImageBatch;

/** A deterministic, endless source of scenes: image {@code i} is the same in every run. */
public interface SceneImages {
  /** Images {@code [from, from + count)} as one batch. */
  ImageBatch batch(long from, int count);
}

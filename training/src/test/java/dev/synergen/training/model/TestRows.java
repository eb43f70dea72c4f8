package dev.synergen.training.model;

import dev.synergen.tokenization.vocab.VocabularyLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Hand-made rows in the layouts of DESIGN section 5, for tests. */
public final class TestRows {
  public final List<int[]> tokens = new ArrayList<>();
  public final List<boolean[]> masks = new ArrayList<>();
  private final VocabularyLayout v;

  public TestRows(VocabularyLayout v) {
    this.v = v;
  }

  /** BOS IMG_START codes IMG_END caption EOS, loss on caption + EOS. */
  public TestRows i2t(int[] codes, int[] caption) {
    int n = 3 + codes.length + caption.length + 1;
    int[] t = new int[n];
    boolean[] m = new boolean[n];
    int i = 0;
    t[i++] = v.bos();
    t[i++] = v.imgStart();
    for (int c : codes) {
      t[i++] = v.imageToken(c);
    }
    t[i++] = v.imgEnd();
    for (int c : caption) {
      m[i] = true;
      t[i++] = c;
    }
    m[i] = true;
    t[i] = v.eos();
    tokens.add(t);
    masks.add(m);
    return this;
  }

  /** BOS caption IMG_START codes IMG_END EOS, loss on codes, IMG_END and EOS. */
  public TestRows t2i(int[] caption, int[] codes) {
    int n = 1 + caption.length + 1 + codes.length + 2;
    int[] t = new int[n];
    boolean[] m = new boolean[n];
    int i = 0;
    t[i++] = v.bos();
    for (int c : caption) {
      t[i++] = c;
    }
    t[i++] = v.imgStart();
    for (int c : codes) {
      m[i] = true;
      t[i++] = v.imageToken(c);
    }
    m[i] = true;
    t[i++] = v.imgEnd();
    m[i] = true;
    t[i] = v.eos();
    tokens.add(t);
    masks.add(m);
    return this;
  }

  /** Plain text row BOS ids EOS with loss on everything after BOS. */
  public TestRows text(int[] ids) {
    int[] t = new int[ids.length + 2];
    boolean[] m = new boolean[t.length];
    t[0] = v.bos();
    for (int i = 0; i < ids.length; i++) {
      t[i + 1] = ids[i];
      m[i + 1] = true;
    }
    t[t.length - 1] = v.eos();
    m[t.length - 1] = true;
    tokens.add(t);
    masks.add(m);
    return this;
  }

  public SequenceBatch batch(ModelConfig config) {
    return SequenceBatch.of(config, v, tokens, masks);
  }

  public static int[] randomCodes(SplittableRandom r, int count, int codebook) {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = r.nextInt(codebook);
    }
    return out;
  }

  public static int[] randomText(SplittableRandom r, int count, int vocab) {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = r.nextInt(vocab);
    }
    return out;
  }
}

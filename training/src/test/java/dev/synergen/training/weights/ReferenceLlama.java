package dev.synergen.training.weights;

/**
 * A Llama forward pass in plain double arithmetic, straight from the Hugging Face modelling code
 * (RMSNorm, rotate-half RoPE, grouped-query causal attention, SwiGLU), to check an import against.
 */
final class ReferenceLlama {
  private final TinyLlama m;

  ReferenceLlama(TinyLlama m) {
    this.m = m;
  }

  /** Logits (T, vocab) of every position of a sequence of text ids. */
  double[][] logits(int[] ids) {
    int t = ids.length;
    int d = m.hidden();
    double[][] x = new double[t][];
    float[] embed = w("model.embed_tokens.weight");
    for (int i = 0; i < t; i++) {
      x[i] = row(embed, ids[i], d);
    }
    for (int layer = 0; layer < m.layers(); layer++) {
      String p = "model.layers." + layer + ".";
      double[][] h = new double[t][];
      for (int i = 0; i < t; i++) {
        h[i] = rms(x[i], w(p + "input_layernorm.weight"));
      }
      double[][] attn = attention(h, p);
      for (int i = 0; i < t; i++) {
        double[] o = matvec(w(p + "self_attn.o_proj.weight"), attn[i], d);
        for (int j = 0; j < d; j++) {
          x[i][j] += o[j];
        }
        double[] h2 = rms(x[i], w(p + "post_attention_layernorm.weight"));
        double[] gate = matvec(w(p + "mlp.gate_proj.weight"), h2, m.ffn());
        double[] up = matvec(w(p + "mlp.up_proj.weight"), h2, m.ffn());
        double[] act = new double[m.ffn()];
        for (int j = 0; j < act.length; j++) {
          act[j] = gate[j] / (1 + Math.exp(-gate[j])) * up[j];
        }
        double[] down = matvec(w(p + "mlp.down_proj.weight"), act, d);
        for (int j = 0; j < d; j++) {
          x[i][j] += down[j];
        }
      }
    }
    float[] head = m.weights().containsKey("lm_head.weight") ? w("lm_head.weight") : embed;
    double[][] out = new double[t][];
    for (int i = 0; i < t; i++) {
      out[i] = matvec(head, rms(x[i], w("model.norm.weight")), m.vocab());
    }
    return out;
  }

  private double[][] attention(double[][] h, String p) {
    int t = h.length;
    int hd = m.headDim();
    int group = m.heads() / m.kvHeads();
    double[][] q = new double[t][];
    double[][] k = new double[t][];
    double[][] v = new double[t][];
    for (int i = 0; i < t; i++) {
      q[i] = rope(matvec(w(p + "self_attn.q_proj.weight"), h[i], m.hidden()), m.heads(), i);
      k[i] = rope(matvec(w(p + "self_attn.k_proj.weight"), h[i], m.kvHeads() * hd), m.kvHeads(), i);
      v[i] = matvec(w(p + "self_attn.v_proj.weight"), h[i], m.kvHeads() * hd);
    }
    double[][] out = new double[t][m.hidden()];
    for (int head = 0; head < m.heads(); head++) {
      int kvHead = head / group;
      for (int i = 0; i < t; i++) {
        double[] scores = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= i; j++) {
          double s = 0;
          for (int c = 0; c < hd; c++) {
            s += q[i][head * hd + c] * k[j][kvHead * hd + c];
          }
          scores[j] = s / Math.sqrt(hd);
          max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j <= i; j++) {
          scores[j] = Math.exp(scores[j] - max);
          sum += scores[j];
        }
        for (int j = 0; j <= i; j++) {
          for (int c = 0; c < hd; c++) {
            out[i][head * hd + c] += scores[j] / sum * v[j][kvHead * hd + c];
          }
        }
      }
    }
    return out;
  }

  /** Rotate-half RoPE of every head of a projected vector at position {@code pos}. */
  private double[] rope(double[] x, int heads, int pos) {
    int hd = m.headDim();
    int half = hd / 2;
    double[] out = x.clone();
    for (int head = 0; head < heads; head++) {
      for (int i = 0; i < half; i++) {
        double angle = pos * Math.pow(m.ropeTheta(), -2.0 * i / hd);
        double a = x[head * hd + i];
        double b = x[head * hd + i + half];
        out[head * hd + i] = a * Math.cos(angle) - b * Math.sin(angle);
        out[head * hd + i + half] = b * Math.cos(angle) + a * Math.sin(angle);
      }
    }
    return out;
  }

  private double[] rms(double[] x, float[] weight) {
    double ms = 0;
    for (double v : x) {
      ms += v * v;
    }
    double scale = 1 / Math.sqrt(ms / x.length + m.eps());
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * scale * weight[i];
    }
    return out;
  }

  private static double[] matvec(float[] w, double[] x, int rows) {
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int c = 0; c < x.length; c++) {
        s += w[r * x.length + c] * x[c];
      }
      out[r] = s;
    }
    return out;
  }

  private static double[] row(float[] table, int r, int cols) {
    double[] out = new double[cols];
    for (int c = 0; c < cols; c++) {
      out[c] = table[r * cols + c];
    }
    return out;
  }

  private float[] w(String name) {
    return m.weights().get(name);
  }
}

package dev.synergen.tokenization.image;

/**
 * Downscales by exact area averaging in integer arithmetic, so the result is bit-identical on every
 * JVM and machine (Java2D's interpolation depends on the rendering pipeline it picks).
 *
 * <p>Coordinates are scaled so both grids are integral: source pixel {@code s} covers
 * {@code [s*tw, (s+1)*tw)} and target pixel {@code i} covers {@code [i*w, (i+1)*w)}; the weight of
 * {@code s} in {@code i} is the length of their overlap, and the weights of each target pixel sum
 * to {@code w}.
 */
public final class BoxDownscaler {
  private BoxDownscaler() {}

  /** The image itself if its longer side is at most {@code maxSide} (or maxSide is 0), else a smaller copy. */
  public static RgbImage fitWithin(RgbImage image, int maxSide) {
    int w = image.width();
    int h = image.height();
    if (maxSide == 0 || Math.max(w, h) <= maxSide) {
      return image;
    }
    int tw = w >= h ? maxSide : Math.max(1, roundedRatio(w, maxSide, h));
    int th = h > w ? maxSide : Math.max(1, roundedRatio(h, maxSide, w));
    return resize(image, tw, th);
  }

  private static int roundedRatio(long a, long b, long c) {
    return (int) ((2 * a * b + c) / (2 * c)); // round(a * b / c)
  }

  /** Area-average resize to {@code tw x th}; both must be at most the source size. */
  public static RgbImage resize(RgbImage image, int tw, int th) {
    int w = image.width();
    int h = image.height();
    if (tw < 1 || th < 1 || tw > w || th > h) {
      throw new IllegalArgumentException("box resize only shrinks: " + w + "x" + h + " -> " + tw + "x" + th);
    }
    // Streams over source rows: when shrinking, a source row overlaps at most two target rows,
    // so two accumulator rows (indexed by target row parity) bound the memory to O(tw).
    long divisor = (long) w * h;
    long[] row = new long[3 * tw];
    long[][] acc = {new long[3 * tw], new long[3 * tw]};
    int[] out = new int[tw * th];
    int[] src = image.pixels();
    for (int y = 0; y < h; y++) {
      sumRow(src, y * w, w, tw, row);
      long rowStart = (long) y * th;
      long rowEnd = rowStart + th;
      for (int j = (int) (rowStart / h); j < th && (long) j * h < rowEnd; j++) {
        long weight = Math.min(rowEnd, (long) (j + 1) * h) - Math.max(rowStart, (long) j * h);
        long[] target = acc[j & 1];
        for (int k = 0; k < target.length; k++) {
          target[k] += row[k] * weight;
        }
        if ((long) (j + 1) * h <= rowEnd) {
          emitRow(target, divisor, out, j * tw);
          java.util.Arrays.fill(target, 0);
        }
      }
    }
    return new RgbImage(tw, th, out);
  }

  // (w,) -> (tw,): per-channel sums whose weights total w for every target pixel
  private static void sumRow(int[] src, int offset, int w, int tw, long[] row) {
    for (int i = 0; i < tw; i++) {
      long start = (long) i * w;
      long end = start + w;
      long r = 0;
      long g = 0;
      long b = 0;
      for (int s = (int) (start / tw); s < w && (long) s * tw < end; s++) {
        long weight = Math.min(end, (long) (s + 1) * tw) - Math.max(start, (long) s * tw);
        int p = src[offset + s];
        r += (p >>> 16 & 0xff) * weight;
        g += (p >>> 8 & 0xff) * weight;
        b += (p & 0xff) * weight;
      }
      row[3 * i] = r;
      row[3 * i + 1] = g;
      row[3 * i + 2] = b;
    }
  }

  private static void emitRow(long[] sums, long divisor, int[] out, int offset) {
    for (int i = 0; i < sums.length / 3; i++) {
      int r = (int) ((sums[3 * i] + divisor / 2) / divisor);
      int g = (int) ((sums[3 * i + 1] + divisor / 2) / divisor);
      int b = (int) ((sums[3 * i + 2] + divisor / 2) / divisor);
      out[offset + i] = r << 16 | g << 8 | b;
    }
  }
}

package dev.synergen.tokenization.vq;

import dev.synergen.tokenization.TokenizationErrors;
import java.util.Arrays;

/** Code grids of a batch of images, laid out (N, grid, grid) in row-major order. */
public record CodeGrids(int count, int grid, int[] codes) {
  public CodeGrids {
    if (count < 1 || grid < 1) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CODES_INVALID, "code grids need count >= 1 and grid >= 1, got count " + count + ", grid " + grid);
    }
    long expected = (long) count * grid * grid;
    if (codes == null || codes.length != expected) {
      throw TokenizationErrors.error(TokenizationErrors.VQ_CODES_INVALID, count + " code grids of " + grid + "x" + grid + " need " + expected + " codes, got "
          + (codes == null ? "null" : codes.length));
    }
  }

  /** The grid of image {@code index}, row-major. */
  public int[] image(int index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("grid " + index + " of " + count);
    }
    int per = grid * grid;
    return Arrays.copyOfRange(codes, index * per, (index + 1) * per);
  }

  /** Throws unless every code is in {@code [0, codebookSize)}; the message names the first bad one. */
  public void checkRange(int codebookSize) {
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] < 0 || codes[i] >= codebookSize) {
        int per = grid * grid;
        throw TokenizationErrors.error(TokenizationErrors.VQ_CODES_INVALID, "code " + codes[i] + " of image " + i / per + " at row " + (i % per) / grid + ", column "
            + i % grid + " is outside the codebook [0, " + codebookSize + ")");
      }
    }
  }
}

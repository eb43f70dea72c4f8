package dev.synergen.training.model;

import dev.synergen.tokenization.vocab.VocabularyLayout;
import dev.synergen.training.TrainingErrors;
import java.util.Arrays;
import java.util.List;

/**
 * Host-side preparation of rows of the {@code sequences} table for the model: validates every id
 * against the {@link VocabularyLayout}, folds each image (IMG_START, grid_h*grid_w codes in
 * raster order, IMG_END) into (grid_h/m)*(grid_w/n) window positions, pads rows to one length,
 * and turns the loss mask (true at i = token i is predicted from tokens before i) into the rows
 * the LM head and the unfolding head must predict.
 *
 * <p>All arrays are flattened over (B, T) positions, row-major; nothing here touches a device.
 */
public final class SequenceBatch {
  /** Where padding goes: training rows pad on the right, generation prompts on the left. */
  public enum Padding { RIGHT, LEFT }

  private final ModelConfig config;
  private final int batch;
  private final int length;
  final long[] textIds;
  final boolean[] isImage;
  final long[] windowCodes;
  final long[] windowPositions;
  final long[] inputGather;
  final boolean[][] keyValid;
  final int[] foldedLengths;
  final long[] lmRows;
  final long[] lmTargets;
  final long[] headRows;
  final long[] headCodes;
  final float[] headMask;
  private final long imageTargets;
  private final long unfoldedTokens;

  private SequenceBatch(Builder b) {
    this.config = b.config;
    this.batch = b.batch;
    this.length = b.length;
    this.textIds = b.textIds;
    this.isImage = b.isImage;
    this.windowCodes = Arrays.copyOf(b.windowCodes, b.windows * b.window);
    this.windowPositions = Arrays.copyOf(b.windowPositions, b.windows * b.window);
    this.inputGather = b.inputGather;
    this.keyValid = b.keyValid;
    this.foldedLengths = b.foldedLengths;
    this.lmRows = Arrays.copyOf(b.lmRows, b.lm);
    this.lmTargets = Arrays.copyOf(b.lmTargets, b.lm);
    this.headRows = Arrays.copyOf(b.headRows, b.head);
    this.headCodes = Arrays.copyOf(b.headCodes, b.head * b.window);
    this.headMask = Arrays.copyOf(b.headMask, b.head * b.window);
    this.imageTargets = b.imageTargets;
    this.unfoldedTokens = b.unfoldedTokens;
  }

  /**
   * Rows for training or scoring: {@code tokens} in the unified id space of {@code layout} (which
   * must be the model's), {@code lossMasks} of the same lengths.
   */
  public static SequenceBatch of(ModelConfig config, VocabularyLayout layout, List<int[]> tokens,
      List<boolean[]> lossMasks) {
    if (!layout.equals(config.vocabulary())) {
      throw TrainingErrors.error(TrainingErrors.MODEL_VOCABULARY_MISMATCH, "sequences use " + layout + " but the model " + config.name()
          + " expects " + config.vocabulary() + "; tokenize with the model's text vocabulary and codebook");
    }
    if (lossMasks.size() != tokens.size()) {
      throw TrainingErrors.error(TrainingErrors.SEQUENCE_INVALID, tokens.size() + " token rows but " + lossMasks.size()
          + " loss masks");
    }
    return build(config, tokens, lossMasks, Padding.RIGHT);
  }

  /**
   * Prompt rows without targets (generation, captioning); {@code padding} LEFT aligns their ends.
   * A prompt may end with IMG_START, opening the image to be generated.
   */
  public static SequenceBatch prompts(ModelConfig config, List<int[]> tokens, Padding padding) {
    return build(config, tokens, null, padding);
  }

  private static SequenceBatch build(ModelConfig config, List<int[]> tokens, List<boolean[]> masks, Padding padding) {
    if (tokens.isEmpty()) {
      throw TrainingErrors.error(TrainingErrors.SEQUENCE_INVALID, "a batch needs at least one row");
    }
    Builder b = new Builder(config, tokens.size());
    int[][] folded = new int[tokens.size()][];
    for (int r = 0; r < tokens.size(); r++) {
      boolean[] mask = masks == null ? null : masks.get(r);
      int[] row = tokens.get(r);
      if (row == null || row.length == 0) {
        throw TrainingErrors.error(TrainingErrors.SEQUENCE_INVALID, "row " + r + " is empty");
      }
      if (mask != null && mask.length != row.length) {
        throw TrainingErrors.error(TrainingErrors.SEQUENCE_INVALID, "row " + r + " has " + row.length + " tokens but a loss mask of "
            + mask.length + "; the packer must write one flag per token");
      }
      if (mask != null && mask[0]) {
        throw TrainingErrors.error(TrainingErrors.SEQUENCE_INVALID, "row " + r + " has loss at position 0, which no earlier token can"
            + " predict; the packer must start rows with BOS and loss false");
      }
      folded[r] = b.layoutRow(r, row, masks == null);
    }
    b.allocate(Arrays.stream(folded).mapToInt(f -> f.length).max().orElse(0), padding, masks != null);
    for (int r = 0; r < tokens.size(); r++) {
      b.fill(r, tokens.get(r), folded[r], masks == null ? null : masks.get(r));
    }
    return new SequenceBatch(b);
  }

  /**
   * The prepared index arrays by name (the inputs of {@link SynerGenModel#loss}), for a peer
   * implementation of the model to replay exactly this batch (bench/pytorch-peer).
   */
  public java.util.Map<String, Object> arrays() {
    java.util.Map<String, Object> a = new java.util.LinkedHashMap<>();
    a.put("batch", batch);
    a.put("length", length);
    a.put("text_ids", textIds);
    a.put("is_image", isImage);
    a.put("window_codes", windowCodes);
    a.put("window_positions", windowPositions);
    a.put("input_gather", inputGather);
    a.put("lm_rows", lmRows);
    a.put("lm_targets", lmTargets);
    a.put("head_rows", headRows);
    a.put("head_codes", headCodes);
    a.put("head_mask", headMask);
    a.put("image_targets", imageTargets);
    a.put("unfolded_tokens", unfoldedTokens);
    return a;
  }

  public ModelConfig config() {
    return config;
  }

  /** Rows B. */
  public int batchSize() {
    return batch;
  }

  /** Folded, padded length T. */
  public int length() {
    return length;
  }

  /** Real folded positions of row r. */
  public int foldedLength(int row) {
    return foldedLengths[row];
  }

  /** Folded image positions in the batch. */
  public int imagePositions() {
    return windowCodes.length / config.grid().windowSize();
  }

  /** Text and special tokens the LM head is trained on. */
  public int textTargets() {
    return lmRows.length;
  }

  /** Image codes the unfolding head is trained on. */
  public long imageTargets() {
    return imageTargets;
  }

  /** Windows the unfolding head runs on (each predicts m*n codes). */
  public int headWindows() {
    return headRows.length;
  }

  /** Tokens of the input rows before folding (codes count one each). */
  public long unfoldedTokens() {
    return unfoldedTokens;
  }

  /** Real (non-padding) folded positions in the batch. */
  public long foldedPositions() {
    long sum = 0;
    for (int f : foldedLengths) {
      sum += f;
    }
    return sum;
  }

  /** Accumulates the batch while rows are laid out. */
  private static final class Builder {
    // folded entry encoding: >= 0 text id; < 0 window index -(w + 1) into this row's windows
    final ModelConfig config;
    final VocabularyLayout vocab;
    final ImageGrid grid;
    final int window;
    final int batch;
    final int[][] rowWindowStart;
    int length;
    long[] textIds;
    boolean[] isImage;
    long[] inputGather;
    boolean[][] keyValid;
    int[] foldedLengths;
    long[] windowCodes = new long[0];
    long[] windowPositions = new long[0];
    int windows;
    long[] lmRows = new long[16];
    long[] lmTargets = new long[16];
    int lm;
    long[] headRows = new long[16];
    long[] headCodes;
    float[] headMask;
    int head;
    long imageTargets;
    long unfoldedTokens;

    Builder(ModelConfig config, int batch) {
      this.config = config;
      this.vocab = config.vocabulary();
      this.grid = config.grid();
      this.window = grid.windowSize();
      this.batch = batch;
      this.rowWindowStart = new int[batch][];
      this.headCodes = new long[headRows.length * window];
      this.headMask = new float[headRows.length * window];
    }

    /** Validates a row and returns its folded layout (text ids, or -(image index + 1) per window). */
    int[] layoutRow(int r, int[] row, boolean prompt) {
      int codes = grid.codesPerImage();
      int[] out = new int[row.length];
      int n = 0;
      int images = 0;
      int[] imageStarts = new int[4];
      for (int i = 0; i < row.length; i++) {
        int id = row[i];
        if (id < 0 || id >= vocab.size()) {
          throw TrainingErrors.error(TrainingErrors.SEQUENCE_TOKEN_OUT_OF_RANGE, "row " + r + " position " + i + ": id " + id
              + " is outside the unified vocabulary [0, " + vocab.size() + ") of " + vocab
              + "; the sequences were tokenized for another vocabulary");
        }
        if (vocab.isImageCode(id)) {
          throw TrainingErrors.error(TrainingErrors.SEQUENCE_IMAGE_INCOMPLETE, "row " + r + " position " + i + ": image code id " + id
              + " outside an IMG_START ... IMG_END span");
        }
        if (id == vocab.imgEnd()) {
          throw TrainingErrors.error(TrainingErrors.SEQUENCE_IMAGE_INCOMPLETE, "row " + r + " position " + i + ": IMG_END without IMG_START");
        }
        out[n++] = id;
        if (id != vocab.imgStart()) {
          continue;
        }
        int found = 0;
        while (i + 1 + found < row.length && vocab.isImageCode(row[i + 1 + found])) {
          found++;
        }
        int end = i + 1 + found;
        if (prompt && found == 0 && end == row.length) {
          break; // a prompt may end with IMG_START: the image to generate
        }
        if (found != codes || end >= row.length || row[end] != vocab.imgEnd()) {
          String next = end >= row.length ? "the end of the row" : "id " + row[end];
          throw TrainingErrors.error(TrainingErrors.SEQUENCE_IMAGE_INCOMPLETE, "row " + r + " position " + i + ": IMG_START must be followed by"
              + " exactly " + codes + " image codes (grid " + grid.gridH() + "x" + grid.gridW() + ") and IMG_END; found "
              + found + " codes then " + next + ". Re-tokenize images at the model's resolution");
        }
        if (images == imageStarts.length) {
          imageStarts = Arrays.copyOf(imageStarts, images * 2);
        }
        imageStarts[images] = i + 1;
        for (int w = 0; w < grid.windowsPerImage(); w++) {
          out[n++] = -(images * grid.windowsPerImage() + w + 1);
        }
        images++;
        out[n++] = vocab.imgEnd();
        i = end;
      }
      if (n > config.maxPositions()) {
        throw TrainingErrors.error(TrainingErrors.SEQUENCE_INVALID, "row " + r + " folds to " + n + " positions, more than the model's"
            + " maxPositions " + config.maxPositions() + "; pack shorter rows");
      }
      rowWindowStart[r] = Arrays.copyOf(imageStarts, images);
      unfoldedTokens += row.length;
      return Arrays.copyOf(out, n);
    }

    void allocate(int maxLength, Padding padding, boolean targets) {
      this.length = maxLength;
      int positions = batch * maxLength;
      textIds = new long[positions];
      Arrays.fill(textIds, vocab.pad());
      isImage = new boolean[positions];
      inputGather = new long[positions];
      for (int i = 0; i < positions; i++) {
        inputGather[i] = i;
      }
      foldedLengths = new int[batch];
      keyValid = padding == Padding.LEFT ? new boolean[batch][maxLength] : null;
    }

    void fill(int r, int[] row, int[] folded, boolean[] mask) {
      int offset = keyValid == null ? 0 : length - folded.length;
      foldedLengths[r] = folded.length;
      int perImage = grid.windowsPerImage();
      int orig = 0;
      for (int p = 0; p < folded.length; p++) {
        int flat = r * length + offset + p;
        if (keyValid != null) {
          keyValid[r][offset + p] = true;
        }
        int entry = folded[p];
        if (entry >= 0) {
          textIds[flat] = entry;
          if (mask != null && p > 0 && mask[orig]) {
            addLm(flat - 1, entry);
          }
          orig++;
          continue;
        }
        int globalWindow = -entry - 1;
        int image = globalWindow / perImage;
        int w = globalWindow % perImage;
        int codeStart = rowWindowStart[r][image];
        isImage[flat] = true;
        inputGather[flat] = (long) batch * length + windows;
        ensureWindows(windows + 1);
        float[] slotMask = new float[window];
        boolean any = false;
        for (int k = 0; k < window; k++) {
          int raster = grid.rasterIndex(w, k);
          windowCodes[windows * window + k] = vocab.codeOf(row[codeStart + raster]);
          windowPositions[windows * window + k] = raster;
          if (mask != null && mask[codeStart + raster]) {
            slotMask[k] = 1f;
            any = true;
          }
        }
        if (any) {
          addHead(flat - 1, windowCodes, windows * window, slotMask);
        }
        windows++;
        orig += window;
      }
    }

    private void addLm(long row, long target) {
      if (lm == lmRows.length) {
        lmRows = Arrays.copyOf(lmRows, lm * 2);
        lmTargets = Arrays.copyOf(lmTargets, lm * 2);
      }
      lmRows[lm] = row;
      lmTargets[lm++] = target;
    }

    private void addHead(long row, long[] codes, int from, float[] slotMask) {
      if (head == headRows.length) {
        headRows = Arrays.copyOf(headRows, head * 2);
        headCodes = Arrays.copyOf(headCodes, head * 2 * window);
        headMask = Arrays.copyOf(headMask, head * 2 * window);
      }
      headRows[head] = row;
      System.arraycopy(codes, from, headCodes, head * window, window);
      System.arraycopy(slotMask, 0, headMask, head * window, window);
      for (float f : slotMask) {
        imageTargets += (long) f;
      }
      head++;
    }

    private void ensureWindows(int needed) {
      if (needed * window > windowCodes.length) {
        int capacity = Math.max(needed * window, windowCodes.length * 2);
        windowCodes = Arrays.copyOf(windowCodes, capacity);
        windowPositions = Arrays.copyOf(windowPositions, capacity);
      }
    }
  }
}

package dev.synergen.tokenization.shapes;

import dev.synergen.tokenization.image.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Recovers the objects of a shapes-world image: the ground-truth detector of the generation
 * benchmark. Exact on rendered scenes; tolerant of the colour noise of generated images.
 *
 * <p>Each pixel takes the nearest palette colour (the white background included) if it is within
 * {@link #MAX_COLOUR_DISTANCE}; 4-connected regions of one colour are objects (regions smaller than
 * a quarter of a small object are noise). The shape comes from which corners of the bounding box
 * are painted (square: all; triangle: bottom only; circle: none), with the fill ratio deciding the
 * remaining case; the size is the nearest of the configured sides.
 */
public final class ShapesDetector {
  /** Palette colours are >= 120 apart and >= 200 from white, so 60 leaves a clear margin. */
  public static final int MAX_COLOUR_DISTANCE = 60;

  private static final ShapeColor[] COLOURS = ShapeColor.values();
  private static final int NONE = -1;

  private final ShapesWorldConfig config;
  private final int minPixels;

  public ShapesDetector(ShapesWorldConfig config) {
    this.config = config;
    int small = config.side(ShapeSize.SMALL);
    this.minPixels = Math.max(1, small * small / 4);
  }

  /** Detections sorted by (y, x) of their bounding boxes. */
  public List<DetectedObject> detect(RgbImage image) {
    int w = image.width();
    int h = image.height();
    int[] colour = classifyPixels(image);
    boolean[] seen = new boolean[w * h];
    int[] queue = new int[w * h];
    List<DetectedObject> found = new ArrayList<>();
    for (int start = 0; start < w * h; start++) {
      if (colour[start] == NONE || seen[start]) {
        continue;
      }
      // breadth-first flood fill of one 4-connected region
      int c = colour[start];
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      seen[start] = true;
      int minX = w;
      int minY = h;
      int maxX = -1;
      int maxY = -1;
      while (head < tail) {
        int p = queue[head++];
        int x = p % w;
        int y = p / w;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        tail = visit(x - 1, y, c, w, h, colour, seen, queue, tail);
        tail = visit(x + 1, y, c, w, h, colour, seen, queue, tail);
        tail = visit(x, y - 1, c, w, h, colour, seen, queue, tail);
        tail = visit(x, y + 1, c, w, h, colour, seen, queue, tail);
      }
      if (tail >= minPixels) {
        BoundingBox box = new BoundingBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
        found.add(new DetectedObject(shapeOf(box, c, colour, w, tail), COLOURS[c], sizeOf(box), box, tail));
      }
    }
    found.sort(Comparator.comparingInt((DetectedObject d) -> d.bbox().y()).thenComparingInt(d -> d.bbox().x()));
    return found;
  }

  private static int visit(int x, int y, int c, int w, int h, int[] colour, boolean[] seen, int[] queue, int tail) {
    if (x < 0 || y < 0 || x >= w || y >= h) {
      return tail;
    }
    int p = y * w + x;
    if (seen[p] || colour[p] != c) {
      return tail;
    }
    seen[p] = true;
    queue[tail] = p;
    return tail + 1;
  }

  private static int[] classifyPixels(RgbImage image) {
    int[] pixels = image.pixels();
    int[] out = new int[pixels.length];
    int limit = MAX_COLOUR_DISTANCE * MAX_COLOUR_DISTANCE;
    for (int i = 0; i < pixels.length; i++) {
      int best = NONE;
      int bestDistance = distance2(pixels[i], ShapeColor.BACKGROUND_RGB);
      for (int c = 0; c < COLOURS.length; c++) {
        int d = distance2(pixels[i], COLOURS[c].rgb());
        if (d < bestDistance) {
          bestDistance = d;
          best = c;
        }
      }
      out[i] = bestDistance <= limit ? best : NONE;
    }
    return out;
  }

  private static int distance2(int a, int b) {
    int dr = (a >>> 16 & 0xff) - (b >>> 16 & 0xff);
    int dg = (a >>> 8 & 0xff) - (b >>> 8 & 0xff);
    int db = (a & 0xff) - (b & 0xff);
    return dr * dr + dg * dg + db * db;
  }

  private static ShapeKind shapeOf(BoundingBox box, int c, int[] colour, int w, int pixels) {
    int k = Math.max(1, Math.min(box.width(), box.height()) / 6);
    boolean top = cornerPainted(box, c, colour, w, k, box.x(), box.y())
        && cornerPainted(box, c, colour, w, k, box.right() - k, box.y());
    boolean bottom = cornerPainted(box, c, colour, w, k, box.x(), box.bottom() - k)
        && cornerPainted(box, c, colour, w, k, box.right() - k, box.bottom() - k);
    if (top && bottom) {
      return ShapeKind.SQUARE;
    }
    if (bottom) {
      return ShapeKind.TRIANGLE;
    }
    if (!top) {
      return ShapeKind.CIRCLE;
    }
    double fill = pixels / (double) (box.width() * box.height()); // top corners only: no shape of ours
    return fill > 0.9 ? ShapeKind.SQUARE : fill > 0.65 ? ShapeKind.CIRCLE : ShapeKind.TRIANGLE;
  }

  // more than half of the k x k corner region at (x0, y0) has the object's colour
  private static boolean cornerPainted(BoundingBox box, int c, int[] colour, int w, int k, int x0, int y0) {
    int painted = 0;
    for (int y = y0; y < y0 + k; y++) {
      for (int x = x0; x < x0 + k; x++) {
        if (colour[y * w + x] == c) {
          painted++;
        }
      }
    }
    return 2 * painted > k * k;
  }

  private ShapeSize sizeOf(BoundingBox box) {
    int side = Math.max(box.width(), box.height());
    ShapeSize best = ShapeSize.SMALL;
    for (ShapeSize size : ShapeSize.values()) {
      if (Math.abs(config.side(size) - side) < Math.abs(config.side(best) - side)) {
        best = size;
      }
    }
    return best;
  }
}

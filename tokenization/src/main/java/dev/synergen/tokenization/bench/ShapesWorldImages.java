package dev.synergen.tokenization.bench;

import dev.synergen.tokenization.image.RgbImage;
import dev.synergen.tokenization.shapes.SceneGenerator;
import dev.synergen.tokenization.shapes.SceneRenderer;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import dev.synergen.tokenization.vq.ImageBatch;

/** Scenes of the shapes world (the demo corpus), rendered directly without the tar/ingest path. */
public final class ShapesWorldImages implements SceneImages {
  private final SceneGenerator generator;
  private final int size;
  private final long seed;

  public ShapesWorldImages(ShapesWorldConfig config, long seed) {
    this.generator = new SceneGenerator(config);
    this.size = config.imageSize();
    this.seed = seed;
  }

  @Override
  public ImageBatch batch(long from, int count) {
    int plane = size * size;
    float[] pixels = new float[count * 3 * plane];
    for (int n = 0; n < count; n++) {
      RgbImage image = SceneRenderer.render(generator.generate(seed, from + n));
      int[] rgb = image.pixels();
      for (int p = 0; p < plane; p++) {
        pixels[(n * 3) * plane + p] = ((rgb[p] >> 16) & 0xff) / 255f;
        pixels[(n * 3 + 1) * plane + p] = ((rgb[p] >> 8) & 0xff) / 255f;
        pixels[(n * 3 + 2) * plane + p] = (rgb[p] & 0xff) / 255f;
      }
    }
    return new ImageBatch(count, size, pixels);
  }
}

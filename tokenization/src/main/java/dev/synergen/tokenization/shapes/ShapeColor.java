package dev.synergen.tokenization.shapes;

import java.util.Locale;

/**
 * The named colours of the shapes world, chosen far apart in RGB (and from the white background)
 * so a detector can name the colour of a generated, imperfect pixel by its nearest neighbour.
 */
public enum ShapeColor {
  RED(0xDC1E1E),
  GREEN(0x28AA28),
  BLUE(0x2850E6),
  YELLOW(0xF0DC1E),
  PURPLE(0x9632BE),
  BLACK(0x141414);

  /** The background every scene is painted on. */
  public static final int BACKGROUND_RGB = 0xFFFFFF;

  private final int rgb;

  ShapeColor(int rgb) {
    this.rgb = rgb;
  }

  public int rgb() {
    return rgb;
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ShapeColor fromWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }
}

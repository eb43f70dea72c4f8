package dev.synergen.tokenization.image;

/**
 * An accepted image as stored in {@code raw_pairs}: lossless PNG of the (possibly downscaled) sRGB
 * pixels, plus what the source was.
 *
 * @param png the normalised image, 8-bit RGB PNG
 * @param format the format the source bytes were in
 * @param width width of {@code png}
 * @param height height of {@code png}
 * @param sourceWidth width the source declared
 * @param sourceHeight height the source declared
 * @param imageSha256 content hash of the normalised pixels (see {@link ImageNormalizer#pixelHash})
 */
public record NormalizedImage(byte[] png, ImageFormat format, int width, int height, int sourceWidth,
    int sourceHeight, String imageSha256) {}

package dev.synergen.tokenization.ingest;

/**
 * An accepted image-text pair: the row written to {@code raw_pairs} (the job adds the run id).
 *
 * @param pairId content hash of image pixels and caption ({@link PairId})
 * @param source where the pair came from
 * @param sourceKey the pair's key inside its source
 * @param image normalised image, 8-bit RGB PNG
 * @param format the source image format ({@code jpeg}, {@code png}, ...)
 * @param width width of {@code image}
 * @param height height of {@code image}
 * @param sourceWidth width of the source image before downscaling
 * @param sourceHeight height of the source image before downscaling
 * @param caption validated, NFC-normalised caption
 * @param split {@code train}, {@code val} or {@code test}, from the image hash
 * @param imageSha256 hash of the normalised pixels; equal images share it across captions
 * @param metadata the sample's JSON metadata as text (e.g. a shapes-world scene), or null
 */
public record RawPair(String pairId, String source, String sourceKey, byte[] image, String format, int width,
    int height, int sourceWidth, int sourceHeight, String caption, String split, String imageSha256,
    String metadata) {}

package dev.synergen.tokenization.bench;

import dev.synergen.core.io.AtomicFiles;
import dev.synergen.tokenization.shapes.ShapesSample;
import dev.synergen.tokenization.shapes.ShapesWorldConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The soak's bad records: WebDataset shards of samples spoiled in the ways real crawls are (cut
 * files, bombs by declared size, random bytes, bad UTF-8, missing halves), each made from a real
 * shapes-world sample so only the spoiling differs. Every one must end in {@code rejects}.
 */
final class SoakCorpus {
  /** The spoilings, one per sample in turn. */
  static final List<String> KINDS = List.of("png_cut_in_half", "png_declaring_100000x100000", "random_bytes_as_png",
      "empty_png", "png_with_corrupt_data", "caption_bad_utf8", "caption_empty", "caption_70000_chars",
      "image_without_caption", "caption_without_image");

  private SoakCorpus() {}

  /** Writes {@code count} spoiled samples in shards of {@code perShard} named {@code hostile-NNNNN.tar}. */
  static int write(Path dir, long seed, int count, int perShard) throws IOException {
    int shards = 0;
    for (int from = 0; from < count; from += perShard) {
      int first = from;
      int to = Math.min(count, from + perShard);
      AtomicFiles.write(dir.resolve(String.format("hostile-%05d.tar", shards)), channel -> {
        OutputStream out = Channels.newOutputStream(channel);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (int i = first; i < to; i++) {
          spoil(tar, String.format("hostile-%07d", i), ShapesSample.generate(ShapesWorldConfig.defaults(), seed, i), i);
        }
        tar.finish();
        out.flush();
      });
      shards++;
    }
    return shards;
  }

  private static void spoil(TarArchiveOutputStream tar, String key, ShapesSample sample, int i) throws IOException {
    byte[] png = sample.png();
    byte[] caption = sample.caption().text().getBytes(StandardCharsets.UTF_8);
    switch (KINDS.get(i % KINDS.size())) {
      case "png_cut_in_half" -> pair(tar, key, Arrays.copyOf(png, png.length / 2), caption);
      case "png_declaring_100000x100000" -> pair(tar, key, declaring(png, 100_000, 100_000), caption);
      case "random_bytes_as_png" -> {
        byte[] noise = new byte[png.length];
        new java.util.SplittableRandom(i).nextBytes(noise);
        pair(tar, key, noise, caption);
      }
      case "empty_png" -> pair(tar, key, new byte[0], caption);
      case "png_with_corrupt_data" -> {
        byte[] bad = png.clone();
        for (int b = bad.length / 2; b < bad.length / 2 + 16 && b < bad.length - 12; b++) {
          bad[b] ^= (byte) 0x5A;
        }
        pair(tar, key, bad, caption);
      }
      case "caption_bad_utf8" -> pair(tar, key, png, new byte[] {'a', ' ', (byte) 0xC3, (byte) 0x28, 'x'});
      case "caption_empty" -> pair(tar, key, png, new byte[0]);
      case "caption_70000_chars" -> pair(tar, key, png, "a ".repeat(35_000).getBytes(StandardCharsets.UTF_8));
      case "image_without_caption" -> put(tar, key + ".png", png);
      case "caption_without_image" -> put(tar, key + ".txt", caption);
      default -> throw new IllegalStateException("unknown kind");
    }
  }

  private static void pair(TarArchiveOutputStream tar, String key, byte[] image, byte[] caption) throws IOException {
    put(tar, key + ".png", image);
    put(tar, key + ".txt", caption);
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  /** The PNG with its IHDR rewritten to declare another size, CRC fixed: a bomb by header alone. */
  static byte[] declaring(byte[] png, int width, int height) {
    byte[] out = png.clone();
    // signature (8), IHDR length (4), "IHDR" (4), width (4) at 16, height (4) at 20, ..., CRC at 29
    ByteBuffer b = ByteBuffer.wrap(out);
    b.putInt(16, width);
    b.putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 17);
    b.putInt(29, (int) crc.getValue());
    return out;
  }
}

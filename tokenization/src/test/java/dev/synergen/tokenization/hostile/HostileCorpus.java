package dev.synergen.tokenization.hostile;

import dev.synergen.tokenization.fixtures.BadInputFixtures;
import dev.synergen.tokenization.fixtures.BigPng;
import dev.synergen.tokenization.fixtures.HostileImages;
import dev.synergen.tokenization.fixtures.RawTar;
import dev.synergen.tokenization.fixtures.TestImages;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * The hostile WebDataset corpus, generated into a directory: every case is one sample (or one
 * source) with the verdict ingest must give it, keyed {@code "<shard file>|<sample key>"} (the key
 * of a source-level verdict is empty). Big members are streamed to disk, never held.
 */
final class HostileCorpus {
  static final String ACCEPTED = "ACCEPTED";
  /** Decoder poison pills are chosen by image size through the job's fault plan. */
  static final String FAULTS = "decode:width=31,height=17!oom;decode:width=29,height=17!stack_overflow;"
      + "decode:width=23,height=17!hang";

  private final Path dir;
  final Map<String, String> expected = new LinkedHashMap<>();

  HostileCorpus(Path dir) {
    this.dir = dir;
  }

  static Path write(Path file, Consumer<RawTar> body) {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      RawTar tar = new RawTar(out);
      body.accept(tar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private void expect(String shard, String key, String verdict) {
    if (expected.put(shard + "|" + key, verdict) != null) {
      throw new IllegalStateException("case " + shard + "|" + key + " defined twice");
    }
  }

  /** A sample of one image and a caption, expected to get {@code verdict}. */
  private void sample(RawTar tar, String shard, String key, String ext, byte[] image, String verdict) {
    tar.file(key + "." + ext, image).file(key + ".txt", ("a picture called " + key).getBytes(StandardCharsets.UTF_8));
    expect(shard, key, verdict);
  }

  HostileCorpus images() {
    String shard = "aa-images.tar";
    write(dir.resolve(shard), t -> {
      sample(t, shard, "good", "png", TestImages.png(24, 24), ACCEPTED);
      sample(t, shard, "jpeg-sof-65500x65500", "jpg", HostileImages.jpegDeclaring(65500, 65500), "IMAGE_TOO_LARGE");
      sample(t, shard, "gif-frame-65535x65535", "gif", HostileImages.gifFrameDeclaring(65535, 65535),
          "IMAGE_TOO_LARGE");
      sample(t, shard, "webp-vp8x-16383x16383", "webp", HostileImages.webpVp8xDeclaring(16383, 16383),
          "IMAGE_TOO_LARGE");
      sample(t, shard, "bmp-100000x100000", "bmp", HostileImages.bmpDeclaring(100_000, 100_000), "IMAGE_TOO_LARGE");
      sample(t, shard, "png-100000x100000", "png", BadInputFixtures.pngDeclaring(100_000, 100_000),
          "IMAGE_TOO_LARGE");
      sample(t, shard, "jpeg-5000-scans", "jpg", BadInputFixtures.progressiveJpegWithScans(256, 256, 5000),
          "DECODE_OVER_BUDGET");
      sample(t, shard, "png-0x0", "png", BadInputFixtures.pngDeclaring(0, 0), "CORRUPT_IMAGE");
      sample(t, shard, "png-bad-crc", "png", HostileImages.pngWithBadCrc(), "CORRUPT_IMAGE");
      sample(t, shard, "jpeg-segment-length-1", "jpg", HostileImages.jpegWithBadSegmentLength(), "CORRUPT_IMAGE");
      sample(t, shard, "gif-bad-block", "gif", HostileImages.gifWithBadBlock(), "CORRUPT_IMAGE");
      sample(t, shard, "jpeg-cut", "jpg", BadInputFixtures.truncatedJpeg(), "TRUNCATED_IMAGE");
      sample(t, shard, "png-cut", "png", BadInputFixtures.truncatedPng(), "TRUNCATED_IMAGE");
      sample(t, shard, "gif-cut", "gif", HostileImages.truncated(TestImages.gif(16, 16)), "TRUNCATED_IMAGE");
      sample(t, shard, "bmp-cut", "bmp", HostileImages.truncated(TestImages.bmp(16, 16)), "TRUNCATED_IMAGE");
      sample(t, shard, "webp-cut", "webp", HostileImages.truncated(TestImages.webpLossy()), "TRUNCATED_IMAGE");
      byte[] jpeg = TestImages.jpeg(16, 16);
      sample(t, shard, "jpeg-no-eoi", "jpg", Arrays.copyOf(jpeg, jpeg.length - 2), "TRUNCATED_IMAGE");
      sample(t, shard, "zero-bytes", "jpg", new byte[0], "EMPTY_FILE");
      sample(t, shard, "html-as-jpeg", "jpg", BadInputFixtures.notAnImage(), "NOT_AN_IMAGE");
      sample(t, shard, "tiff", "tif", TestImages.tiffHeader(), "UNSUPPORTED_FORMAT");
      sample(t, shard, "svg", "svg", HostileImages.svg(), "UNSUPPORTED_FORMAT");
      sample(t, shard, "heif", "heic", HostileImages.heif(), "UNSUPPORTED_FORMAT");
      sample(t, shard, "avif", "avif", HostileImages.avif(), "UNSUPPORTED_FORMAT");
      sample(t, shard, "jpeg2000", "jp2", HostileImages.jpeg2000(), "UNSUPPORTED_FORMAT");
      sample(t, shard, "jpeg-xl", "jxl", HostileImages.jpegXl(), "UNSUPPORTED_FORMAT");
      sample(t, shard, "psd", "png", HostileImages.psd(), "UNSUPPORTED_FORMAT");
      t.end();
    });
    return this;
  }

  /** Decoders that run out of heap, out of stack, or hang, by {@link #FAULTS}; read with a short timeout. */
  HostileCorpus poison() {
    String shard = "am-poison.tar";
    write(dir.resolve(shard), t -> {
      sample(t, shard, "decoder-oom", "png", TestImages.png(31, 17), "DECODE_FAILED");
      sample(t, shard, "decoder-stack-overflow", "png", TestImages.png(29, 17), "DECODE_FAILED");
      sample(t, shard, "decoder-hang", "png", TestImages.png(23, 17), "DECODE_TIMEOUT");
      sample(t, shard, "after-the-poison", "png", TestImages.png(21, 17), ACCEPTED);
      t.end();
    });
    return this;
  }

  /** Two 40 MP 16-bit RGBA PNGs in two shards, so two tasks decode them at once. */
  HostileCorpus bigPngs() {
    for (String shard : new String[] {"ab-big-1.tar", "ab-big-2.tar"}) {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      try {
        BigPng.write(png, 8000, 5000, shard.hashCode());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      write(dir.resolve(shard), t -> {
        sample(t, shard, "png-40mp-16bit-rgba", "png", png.toByteArray(), ACCEPTED);
        t.end();
      });
    }
    return this;
  }

  /** Entries that are not plain files, or whose names and headers are hostile. */
  HostileCorpus entries() {
    String shard = "ac-entries.tar";
    byte[] png = TestImages.png(8, 8);
    write(dir.resolve(shard), t -> {
      sample(t, shard, "before", "png", TestImages.png(9, 9), ACCEPTED);
      t.entry("hard-link.png", '1', "before.png", new byte[0]);
      expect(shard, "hard-link.png", "UNSAFE_PATH");
      t.entry("symlink.png", '2', "/etc/passwd", new byte[0]);
      expect(shard, "symlink.png", "UNSAFE_PATH");
      t.entry("char-device.png", '3', "", new byte[0]);
      expect(shard, "char-device.png", "UNSAFE_PATH");
      t.entry("block-device.png", '4', "", new byte[0]);
      expect(shard, "block-device.png", "UNSAFE_PATH");
      t.entry("fifo.png", '6', "", new byte[0]);
      expect(shard, "fifo.png", "UNSAFE_PATH");
      t.gnuSparse("gnu-sparse.png", png);
      expect(shard, "gnu-sparse.png", "UNSAFE_PATH");
      t.pax(Map.of("GNU.sparse.major", "1", "GNU.sparse.minor", "0")).file("pax-sparse.png", png);
      expect(shard, "pax-sparse.png", "UNSAFE_PATH");
      t.pax(Map.of("path", "../../x")).file("pax-innocent.png", png);
      expect(shard, "../../x", "UNSAFE_PATH");
      t.entry("PaxHeaders/big", 'x', "", RawTar.paxRecord("comment", "p".repeat(2 << 20))).file("pax-2mib.png", png);
      expect(shard, "pax-2mib.png", "UNSAFE_PATH");
      t.entry("PaxHeaders/bad", 'x', "", "7 path\n".getBytes(StandardCharsets.UTF_8)).file("pax-malformed.png", png);
      expect(shard, "pax-malformed.png", "UNSAFE_PATH");
      t.file("/etc/absolute.png", png);
      expect(shard, "/etc/absolute.png", "UNSAFE_PATH");
      t.file("esc\u001b[2J.png", png);
      expect(shard, "esc\\u001B[2J.png", "UNSAFE_PATH");
      t.file("rlo\u202egnp.exe", png);
      expect(shard, "rlo\\u202Egnp.exe", "UNSAFE_PATH");
      t.file("dir\\back.png", png);
      expect(shard, "dir\\back.png", "UNSAFE_PATH");
      t.file("._hidden.png", png);
      expect(shard, "._hidden.png", "UNSAFE_PATH");
      sample(t, shard, "two-images", "png", TestImages.png(10, 10), "DUPLICATE_MEMBER");
      t.file("two-images.jpg", TestImages.jpeg(8, 8));
      sample(t, shard, "between", "png", TestImages.png(11, 11), ACCEPTED);
      t.file("before.json", "{}".getBytes(StandardCharsets.UTF_8)); // the key again, after another sample
      expect(shard, "before#2", "DUPLICATE_KEY");
      t.file("no-caption.png", TestImages.png(12, 12));
      expect(shard, "no-caption", "MISSING_CAPTION");
      t.file("no-image.txt", "a caption alone".getBytes(StandardCharsets.UTF_8));
      expect(shard, "no-image", "MISSING_IMAGE");
      t.end();
    });
    return this;
  }

  /** A 200 MB GNU long name and a 65 MB image, both streamed past unread. */
  HostileCorpus hugeEntries() {
    String shard = "ad-huge.tar";
    write(dir.resolve(shard), t -> {
      t.streamed("././@LongLink", 'L', 200L << 20, (byte) 'n').file("long-name-victim.png", TestImages.png(8, 8));
      expect(shard, "long-name-victim.png", "UNSAFE_PATH");
      t.streamed("huge-image.png", '0', 65L << 20, (byte) 0);
      t.file("huge-image.txt", "a caption".getBytes(StandardCharsets.UTF_8));
      expect(shard, "huge-image", "FILE_TOO_LARGE");
      sample(t, shard, "after", "png", TestImages.png(13, 13), ACCEPTED);
      t.end();
    });
    return this;
  }

  /** Captions and metadata: 60 MB members, NUL, lone surrogates, bidi overrides, hostile JSON. */
  HostileCorpus text() {
    String shard = "ae-text.tar";
    write(dir.resolve(shard), t -> {
      t.file("caption-60mb.png", TestImages.png(14, 14)).streamed("caption-60mb.txt", '0', 60L << 20, (byte) 'c');
      expect(shard, "caption-60mb", "FILE_TOO_LARGE");
      t.file("json-60mb.png", TestImages.png(15, 15)).file("json-60mb.txt", utf8("a caption"))
          .streamed("json-60mb.json", '0', 60L << 20, (byte) ' ');
      expect(shard, "json-60mb", "FILE_TOO_LARGE");
      caption(t, shard, "caption-nul", utf8("a\u0000b"), "CAPTION_CONTROL_CHARACTER");
      caption(t, shard, "caption-esc", utf8("red\u001b[0m"), "CAPTION_CONTROL_CHARACTER");
      caption(t, shard, "caption-rlo", utf8("abc\u202edef"), "CAPTION_CONTROL_CHARACTER");
      caption(t, shard, "caption-lone-surrogate", new byte[] {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80, 'b'},
          "CAPTION_BAD_UTF8");
      caption(t, shard, "caption-bad-utf8", BadInputFixtures.captionInvalidUtf8(), "CAPTION_BAD_UTF8");
      caption(t, shard, "caption-blank", BadInputFixtures.captionBlank(), "CAPTION_EMPTY");
      caption(t, shard, "caption-2000-chars", BadInputFixtures.captionOfLength(2000), "CAPTION_TOO_LONG");
      json(t, shard, "json-lone-surrogate", "{\"k\": \"\\ud800\"}", "MALFORMED_METADATA");
      json(t, shard, "json-array", "[1, 2]", "MALFORMED_METADATA");
      json(t, shard, "json-trailing", "{\"k\": 1} trailing", "MALFORMED_METADATA");
      json(t, shard, "json-nested-100k", "{\"k\": " + "[".repeat(100_000) + "}", "MALFORMED_METADATA");
      t.end();
    });
    return this;
  }

  private void caption(RawTar t, String shard, String key, byte[] caption, String verdict) {
    t.file(key + ".png", TestImages.png(16, 8 + expected.size() % 50)).file(key + ".txt", caption);
    expect(shard, key, verdict);
  }

  private void json(RawTar t, String shard, String key, String json, String verdict) {
    t.file(key + ".png", TestImages.png(17, 8 + expected.size() % 50)).file(key + ".txt", utf8("a caption of " + key))
        .file(key + ".json", utf8(json));
    expect(shard, key, verdict);
  }

  /** Whole sources: gzip beside plain shards, cut, corrupt, empty, garbage, bzip2. */
  HostileCorpus sources() throws IOException {
    byte[] good = RawTar.bytes(t -> {
      t.file("gz-sample.png", TestImages.png(18, 18)).file("gz-sample.txt", utf8("inside a gzip shard"));
      t.file("gz-bad.png", BadInputFixtures.notAnImage()).file("gz-bad.txt", utf8("not an image, gzipped"));
      t.end();
    });
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(good);
    }
    Files.write(dir.resolve("af-shard.tar.gz"), gz.toByteArray());
    expect("af-shard.tar.gz", "gz-sample", ACCEPTED);
    expect("af-shard.tar.gz", "gz-bad", "NOT_AN_IMAGE");
    Files.write(dir.resolve("ag-cut.tgz"), Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
    expect("ag-cut.tgz", "", "TRUNCATED_TAR");
    byte[] corrupt = RawTar.bytes(t -> {
      t.file("c-ok.png", TestImages.png(19, 19)).file("c-ok.txt", utf8("kept before the damage"));
      t.file("c-open.png", TestImages.png(9, 9)).file("c-open.txt", utf8("still open at the damage"));
      t.file("c-next.png", TestImages.png(8, 8)).end();
    });
    corrupt[indexOf(corrupt, utf8("c-next.png")) + 1] ^= 1; // in c-next.png's header: its checksum fails
    Files.write(dir.resolve("ah-corrupt.tar"), corrupt);
    expect("ah-corrupt.tar", "c-ok", ACCEPTED);
    // c-open may have more members behind the damage, so it is not a sample: the CORRUPT_TAR detail names it
    expect("ah-corrupt.tar", "", "CORRUPT_TAR");
    byte[] whole = RawTar.bytes(t -> t.file("t-ok.png", TestImages.png(20, 20)).file("t-ok.txt", utf8("whole"))
        .file("t-cut.png", TestImages.png(8, 8)).file("t-cut.txt", utf8("cut")));
    Files.write(dir.resolve("ai-truncated.tar"), whole); // no end-of-archive blocks
    expect("ai-truncated.tar", "t-ok", ACCEPTED);
    expect("ai-truncated.tar", "", "TRUNCATED_TAR");
    Files.write(dir.resolve("aj-empty.tar"), new byte[0]);
    expect("aj-empty.tar", "", "EMPTY_FILE");
    Files.write(dir.resolve("ak-garbage.tar"), utf8("this is not a tar archive at all. ".repeat(40)));
    expect("ak-garbage.tar", "", "CORRUPT_TAR");
    Files.write(dir.resolve("al-shard.tar.bz2"), new byte[] {'B', 'Z', 'h', '9'});
    expect("al-shard.tar.bz2", "", "UNREADABLE_SOURCE");
    return this;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("not found");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

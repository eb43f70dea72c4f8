package dev.synergen.tokenization.ingest;

import dev.synergen.tokenization.reject.RejectReason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Streams the samples of one WebDataset tar shard ({@code .tar}, or gzip-compressed {@code .tar.gz}
 * / {@code .tgz}): consecutive entries sharing a key (the entry name up to the first dot of its
 * basename) form one sample, e.g. {@code 000123.jpg}, {@code 000123.txt}, {@code 000123.json}.
 *
 * <p>Memory is bounded by one sample: members of unknown kinds and members over their byte limit
 * ({@link ReaderLimits}) are skipped unread, and so are GNU long names and PAX headers over
 * {@link ReaderLimits#maxHeaderBytes()} ({@link TarEntryReader}). Nothing is written to disk.
 * Problems become rejected records: {@code UNSAFE_PATH} for bad names, links, devices, FIFOs,
 * sparse files and names or headers over the bounds, {@code DUPLICATE_KEY} for a key seen earlier,
 * and at most one source-level {@code TRUNCATED_TAR}, {@code CORRUPT_TAR}, {@code UNREADABLE_SOURCE}
 * or {@code EMPTY_FILE}, after the samples read before the problem (the sample being read at that
 * moment is incomplete and is named in the detail).
 */
public final class WebDatasetShardReader implements CorpusReader {
  private final String source;
  private final ReaderLimits limits;
  private final TarStreamTracker tracker;
  private final TarEntryReader tar;
  private final Deque<SourceRecord> ready = new ArrayDeque<>();
  private final Set<String> seenKeys = new HashSet<>();
  private SampleBuilder pending;
  private int samplesDone;
  private boolean finished;

  /** Reads an uncompressed tar stream. */
  public WebDatasetShardReader(String source, InputStream in, ReaderLimits limits) {
    this.source = source;
    this.limits = limits;
    this.tracker = new TarStreamTracker(in);
    this.tar = new TarEntryReader(tracker, limits.maxHeaderBytes());
  }

  /** Opens a shard file; an unreadable file yields a single {@code UNREADABLE_SOURCE} record. */
  public static CorpusReader open(Path shard, ReaderLimits limits) {
    String source = shard.toString();
    try {
      InputStream raw = new BufferedInputStream(Files.newInputStream(shard), 1 << 16);
      return new WebDatasetShardReader(source, ShardFiles.decompressed(source, raw), limits);
    } catch (IOException e) {
      return SingleRecordReader.of(SourceRecord.rejected(source, SourceRecord.WHOLE_SOURCE,
          RejectReason.UNREADABLE_SOURCE, "cannot open tar shard: " + e));
    }
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && !finished) {
      advance();
    }
    return !ready.isEmpty();
  }

  @Override
  public SourceRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("shard " + source + " has no more samples");
    }
    return ready.removeFirst();
  }

  private void advance() {
    TarEntry entry;
    try {
      entry = tar.next();
    } catch (IOException e) {
      finishWithError(e);
      return;
    }
    if (entry == null) {
      finishAtEnd();
      return;
    }
    if (entry.isDirectory() && entry.refusal() == null) {
      return;
    }
    String name = EntryNames.withoutDotSlash(entry.name());
    String unsafe = entry.refusal() != null ? entry.refusal() : EntryNames.unsafeBecause(name);
    if (unsafe == null && !entry.isRegularFile()) {
      unsafe = "entry is a " + entry.describe() + ", only regular files are read";
    }
    if (unsafe != null) {
      ready.addLast(SourceRecord.rejected(source, EntryNames.printable(EntryNames.abbreviated(name)),
          RejectReason.UNSAFE_PATH, unsafe + ": '" + EntryNames.printable(EntryNames.abbreviated(entry.name())) + "'"));
      return;
    }
    EntryNames.KeyAndExtension split = EntryNames.split(name);
    if (pending == null || !pending.key().equals(split.key())) {
      flushPending();
      pending = new SampleBuilder(source, split.key());
      if (!seenKeys.add(split.key())) {
        pending.reject(RejectReason.DUPLICATE_KEY, "key '" + split.key() + "' appeared earlier in this shard,"
            + " separated by other samples; WebDataset samples must be consecutive");
      }
    }
    readMember(entry, name, split.extension());
  }

  private void readMember(TarEntry entry, String name, String extension) {
    MemberKind kind = MemberKind.of(extension);
    if (pending.isRejected() || kind == MemberKind.OTHER) {
      return; // not buffered: the next entry skips the data
    }
    long limit = limits.maxBytes(kind);
    if (entry.size() > limit) {
      pending.rejectTooLarge(name, entry.size(), limit, kind);
      return;
    }
    try {
      pending.add(name, extension, tar.readData());
    } catch (IOException e) {
      finishWithError(e);
    }
  }

  private void flushPending() {
    if (pending != null) {
      ready.addLast(pending.build());
      samplesDone++;
      pending = null;
    }
  }

  private void finishAtEnd() {
    if (tar.position() == 0) {
      ready.addLast(SourceRecord.rejected(source, SourceRecord.WHOLE_SOURCE, RejectReason.EMPTY_FILE,
          "tar shard has 0 bytes"));
    } else if (tar.sawEndMarker()) {
      flushPending();
    } else {
      ready.addLast(SourceRecord.rejected(source, SourceRecord.WHOLE_SOURCE, RejectReason.TRUNCATED_TAR,
          "tar shard ends after " + tar.position() + " bytes without its end-of-archive blocks; "
              + incompleteSample() + "; re-copy or re-create the shard"));
    }
    finish();
  }

  private void finishWithError(IOException e) {
    RejectReason reason;
    if (tracker.sourceFailure() != null) {
      reason = RejectReason.UNREADABLE_SOURCE;
    } else if (tracker.reachedEnd()) {
      reason = RejectReason.TRUNCATED_TAR;
    } else {
      reason = RejectReason.CORRUPT_TAR;
    }
    ready.addLast(SourceRecord.rejected(source, SourceRecord.WHOLE_SOURCE, reason,
        "tar shard failed at byte " + tar.position() + " (" + e.getMessage() + "); " + incompleteSample()));
    finish();
  }

  private String incompleteSample() {
    String kept = samplesDone + " complete samples before it were kept";
    return pending == null ? kept : kept + ", sample '" + pending.key() + "' is incomplete and was dropped";
  }

  private void finish() {
    pending = null;
    finished = true;
    close();
  }

  @Override
  public void close() {
    try {
      tracker.close();
    } catch (IOException e) {
      // closing a read-only stream loses nothing; the records already produced stand
    }
  }
}

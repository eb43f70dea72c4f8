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
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Streams the samples of one WebDataset tar shard: consecutive entries sharing a key (the entry
 * name up to the first dot of its basename) form one sample, e.g. {@code 000123.jpg},
 * {@code 000123.txt}, {@code 000123.json}.
 *
 * <p>Memory is bounded by one sample: members of unknown kinds and members over
 * {@link ReaderLimits#maxMemberBytes()} are skipped unread. Nothing is written to disk. Problems
 * become rejected records: {@code UNSAFE_PATH} for bad names and link/device entries,
 * {@code DUPLICATE_KEY} for a key seen earlier, and at most one source-level {@code TRUNCATED_TAR},
 * {@code CORRUPT_TAR}, {@code UNREADABLE_SOURCE} or {@code EMPTY_FILE}, after the samples read
 * before the problem (the sample being read at that moment is incomplete and is named in the
 * detail).
 */
public final class WebDatasetShardReader implements CorpusReader {
  private final String source;
  private final ReaderLimits limits;
  private final TarStreamTracker tracker;
  private final TarArchiveInputStream tar;
  private final Deque<SourceRecord> ready = new ArrayDeque<>();
  private final Set<String> seenKeys = new HashSet<>();
  private SampleBuilder pending;
  private long lastDataEnd;
  private int samplesDone;
  private boolean finished;

  public WebDatasetShardReader(String source, InputStream in, ReaderLimits limits) {
    this.source = source;
    this.limits = limits;
    this.tracker = new TarStreamTracker(in);
    this.tar = new TarArchiveInputStream(tracker);
  }

  /** Opens a shard file; an unreadable file yields a single {@code UNREADABLE_SOURCE} record. */
  public static CorpusReader open(Path shard, ReaderLimits limits) {
    String source = shard.toString();
    try {
      return new WebDatasetShardReader(source, new BufferedInputStream(Files.newInputStream(shard), 1 << 16), limits);
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
    TarArchiveEntry entry;
    try {
      entry = tar.getNextEntry();
    } catch (IOException e) {
      finishWithError(e);
      return;
    }
    if (entry == null) {
      finishAtEnd();
      return;
    }
    lastDataEnd = tracker.position() + roundUpToBlock(entry.getSize());
    if (entry.isDirectory()) {
      return;
    }
    String name = EntryNames.withoutDotSlash(entry.getName());
    String unsafe = EntryNames.unsafeBecause(name);
    if (unsafe == null && !isRegularFile(entry)) {
      unsafe = "entry is a " + entryType(entry) + ", only regular files are read";
    }
    if (unsafe != null) {
      ready.addLast(SourceRecord.rejected(source, EntryNames.printable(name), RejectReason.UNSAFE_PATH,
          unsafe + ": '" + EntryNames.printable(entry.getName()) + "'"));
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

  private void readMember(TarArchiveEntry entry, String name, String extension) {
    if (pending.isRejected() || MemberKind.of(extension) == MemberKind.OTHER) {
      return; // not buffered: the next getNextEntry skips the data
    }
    if (entry.getSize() > limits.maxMemberBytes()) {
      pending.rejectTooLarge(name, entry.getSize(), limits.maxMemberBytes());
      return;
    }
    try {
      byte[] bytes = tar.readNBytes((int) entry.getSize());
      if (bytes.length != entry.getSize()) {
        throw new IOException("entry " + name + " ended after " + bytes.length + " of " + entry.getSize() + " bytes");
      }
      pending.add(name, extension, bytes);
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
    if (tracker.position() == 0) {
      ready.addLast(SourceRecord.rejected(source, SourceRecord.WHOLE_SOURCE, RejectReason.EMPTY_FILE,
          "tar shard has 0 bytes"));
    } else if (tracker.lastZeroBlockStart() >= lastDataEnd) {
      flushPending();
    } else {
      ready.addLast(SourceRecord.rejected(source, SourceRecord.WHOLE_SOURCE, RejectReason.TRUNCATED_TAR,
          "tar shard ends after " + tracker.position() + " bytes without its end-of-archive blocks; "
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
        "tar shard failed at byte " + tracker.position() + " (" + e.getMessage() + "); " + incompleteSample()));
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

  private static long roundUpToBlock(long size) {
    return (size + TarStreamTracker.BLOCK - 1) / TarStreamTracker.BLOCK * TarStreamTracker.BLOCK;
  }

  // TarArchiveEntry.isFile() is also true for links and devices; only these type flags carry file data.
  private static boolean isRegularFile(TarArchiveEntry entry) {
    byte flag = entry.getLinkFlag();
    return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
  }

  private static String entryType(TarArchiveEntry entry) {
    if (entry.isSymbolicLink()) {
      return "symbolic link to '" + EntryNames.printable(entry.getLinkName()) + "'";
    }
    if (entry.isLink()) {
      return "hard link to '" + EntryNames.printable(entry.getLinkName()) + "'";
    }
    if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      return "device node";
    }
    if (entry.isFIFO()) {
      return "named pipe";
    }
    return "non-regular entry (type flag " + (char) entry.getLinkFlag() + ")";
  }

  @Override
  public void close() {
    try {
      tar.close();
    } catch (IOException e) {
      // closing a read-only stream loses nothing; the records already produced stand
    }
  }
}

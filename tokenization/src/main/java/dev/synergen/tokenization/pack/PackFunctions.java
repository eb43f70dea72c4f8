package dev.synergen.tokenization.pack;

import dev.synergen.core.io.Sha256;
import dev.synergen.core.spark.RowArrays;
import dev.synergen.tokenization.reject.RejectReason;
import dev.synergen.tokenization.vocab.PackedSample;
import dev.synergen.tokenization.vocab.SequenceLayout;
import dev.synergen.tokenization.vocab.VocabularyLayout;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The per-partition steps of {@link PackJob}: pairs to samples, samples to sequences. */
final class PackFunctions {
  static final String TOO_LONG = RejectReason.SEQUENCE_TOO_LONG.name();

  static final StructType SAMPLES = new StructType()
      .add("pair_id", DataTypes.StringType, false)
      .add("split", DataTypes.StringType, false)
      .add("task", DataTypes.StringType, false)
      .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("loss_mask", DataTypes.createArrayType(DataTypes.BooleanType, false), false)
      .add("bucket", DataTypes.IntegerType, false)
      .add("order", DataTypes.DoubleType, false)
      .add("error", DataTypes.StringType, true);

  static final StructType SEQUENCES = new StructType()
      .add("seq_id", DataTypes.StringType, false)
      .add("task", DataTypes.StringType, false)
      .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("loss_mask", DataTypes.createArrayType(DataTypes.BooleanType, false), false)
      .add("num_tokens", DataTypes.IntegerType, false)
      .add("split", DataTypes.StringType, false)
      .add("samples", DataTypes.IntegerType, false);

  private PackFunctions() {}

  /** A uniform draw in [0, 1) that depends only on (seed, pair, purpose). */
  static double draw(long seed, String pairId, String purpose) {
    byte[] digest = Sha256.newDigest().digest((seed + "|" + purpose + "|" + pairId).getBytes(StandardCharsets.UTF_8));
    return (ByteBuffer.wrap(digest).getLong() >>> 11) * 0x1.0p-53;
  }

  static String sequenceId(String salt, List<String> members) {
    return Sha256.hex((salt + "|" + String.join(",", members)).getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  /** The serializable part of a {@link PackConfig} that tasks need. */
  record Settings(int contextLength, double t2iFraction, double captionDropout, boolean pack, int packBuckets,
      long seed) implements Serializable {
    static Settings of(PackConfig c) {
      return new Settings(c.contextLength(), c.t2iFraction(), c.captionDropout(), c.mode().equals("pack"),
          c.packBuckets(), c.seed());
    }
  }

  /** tokenized rows (pair_id, image_codes, text_ids, split, question) to {@link #SAMPLES} rows; questions are i2t. */
  static final class ToSamples implements MapPartitionsFunction<Row, Row>, Serializable {
    private final int textVocab;
    private final int codebookSize;
    private final Settings config;

    ToSamples(int textVocab, int codebookSize, Settings config) {
      this.textVocab = textVocab;
      this.codebookSize = codebookSize;
      this.config = config;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      SequenceLayout layout = new SequenceLayout(new VocabularyLayout(textVocab, codebookSize));
      SequencePacker packer = new SequencePacker(config.contextLength(), layout.layout().pad());
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          String pairId = r.getString(0);
          int[] codes = RowArrays.ints(r, 1);
          int[] text = RowArrays.ints(r, 2);
          boolean t2i = draw(config.seed(), pairId, "task") < config.t2iFraction() && !r.getBoolean(4);
          PackedSample s = t2i
              ? layout.textToImage(text, codes, draw(config.seed(), pairId, "caption-dropout") < config.captionDropout())
              : layout.imageToText(codes, text);
          String error = packer.fits(s) ? null : TOO_LONG + ": the " + s.task() + " sample has " + s.length()
              + " tokens, the context length is " + config.contextLength();
          int bucket = (int) (draw(config.seed(), pairId, "bucket") * config.packBuckets());
          return RowFactory.create(pairId, r.getString(3), s.task(), s.tokens(), RowArrays.boxed(s.lossMask()),
              bucket, draw(config.seed(), pairId, "order"), error);
        }
      };
    }
  }

  /**
   * Sorted {@link #SAMPLES} rows to {@link #SEQUENCES} rows: with {@code pack}, consecutive samples
   * of one (split, task, bucket) share sequences; with {@code pad}, each has its own.
   */
  static final class ToSequences implements MapPartitionsFunction<Row, Row>, Serializable {
    private final int padId;
    private final Settings config;
    private final String salt;

    ToSequences(int padId, Settings config, String salt) {
      this.padId = padId;
      this.config = config;
      this.salt = salt;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      SequencePacker packer = new SequencePacker(config.contextLength(), padId);
      boolean pack = config.pack();
      // lazy: only one group (one bucket of one split and task, or one sample) is held at a time
      return new Iterator<>() {
        private final java.util.ArrayDeque<Row> ready = new java.util.ArrayDeque<>();
        private Row pending;

        @Override
        public boolean hasNext() {
          while (ready.isEmpty() && (pending != null || rows.hasNext())) {
            List<Row> group = new ArrayList<>();
            Row first = pending != null ? pending : rows.next();
            pending = null;
            group.add(first);
            String key = groupKey(first);
            while (pack && rows.hasNext()) {
              Row r = rows.next();
              if (!groupKey(r).equals(key)) {
                pending = r;
                break;
              }
              group.add(r);
            }
            List<Row> out = new ArrayList<>();
            emit(packer, group, out);
            ready.addAll(out);
          }
          return !ready.isEmpty();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return ready.poll();
        }
      };
    }

    private static String groupKey(Row r) {
      return r.getString(1) + "/" + r.getString(2) + "/" + r.getInt(5);
    }

    private void emit(SequencePacker packer, List<Row> group, List<Row> out) {
      List<PackedSample> samples = new ArrayList<>();
      for (Row r : group) {
        samples.add(new PackedSample(r.getString(2), RowArrays.ints(r, 3), RowArrays.booleans(r, 4)));
      }
      for (SequencePacker.Sequence s : packer.pack(samples)) {
        List<String> members = s.members().stream().map(i -> group.get(i).getString(0)).toList();
        Row first = group.get(s.members().get(0));
        out.add(RowFactory.create(sequenceId(salt + "|" + first.getString(2), members), first.getString(2), s.tokens(),
            RowArrays.boxed(s.lossMask()), s.usedTokens(), first.getString(1), members.size()));
      }
    }
  }
}

package dev.synergen.training.worker;

/**
 * One row of a round on its way from the scan to its worker's task: its rank in the round (the
 * global order), the chunk (the round's inner step) it belongs to, and its place in its epoch's
 * order. Plain fields, registered with Kryo.
 */
public final class ShardRow {
  public long rank;
  public int chunk;
  public int epoch;
  public String seqId;
  public int[] tokens;
  public boolean[] lossMask;
  public long orderKey;

  public ShardRow() {}

  public ShardRow(long rank, int chunk, int epoch, String seqId, int[] tokens, boolean[] lossMask, long orderKey) {
    this.rank = rank;
    this.chunk = chunk;
    this.epoch = epoch;
    this.seqId = seqId;
    this.tokens = tokens;
    this.lossMask = lossMask;
    this.orderKey = orderKey;
  }
}

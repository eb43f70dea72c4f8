package dev.synergen.training.worker;

/**
 * A place in the seeded order of one epoch: rows sort by (orderKey, seqId), so "after this row"
 * is a filter Spark can push down, and a resumed run reads exactly the rows not yet trained on.
 */
public record EpochPosition(int epoch, long orderKey, String seqId) {}

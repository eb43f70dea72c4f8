package dev.synergen.tokenization.textcorpus;

import java.util.List;

/**
 * The work of one text ingest run, decided on the driver from names and sizes only.
 *
 * @param units one Spark task each: JSON naming files to read, or refusals found while listing
 * @param files regular files that will be read
 * @param refusedFiles entries refused while listing (links, hidden names, files the format does not read)
 */
public record TextIngestPlan(TextFormat format, List<String> units, int files, int refusedFiles) {
  public TextIngestPlan {
    units = List.copyOf(units);
  }
}

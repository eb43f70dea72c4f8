package dev.synergen.core.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Run identifiers such as {@code ingest-20261125T134502Z-7f3a9c}: sortable by start time, unique per run. */
public record RunId(String value) {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public RunId {
    if (value == null || !value.matches("[a-z][a-z0-9-]*-\\d{8}T\\d{6}Z-[0-9a-f]{6}")) {
      throw new IllegalArgumentException("run id must look like 'job-yyyyMMddTHHmmssZ-abcdef', got '" + value + "'");
    }
  }

  public static RunId create(String job) {
    return create(job, Instant.now());
  }

  public static RunId create(String job, Instant at) {
    int suffix = ThreadLocalRandom.current().nextInt(1 << 24);
    return new RunId(job + "-" + STAMP.format(at) + "-" + String.format("%06x", suffix));
  }

  @Override
  public String toString() {
    return value;
  }
}

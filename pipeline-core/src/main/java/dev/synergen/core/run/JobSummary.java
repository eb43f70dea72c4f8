package dev.synergen.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.synergen.core.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job did, printed at the end and saved as JSON: input, accepted, already present,
 * rejected by reason, duration, rows/s, and the Delta table versions it read and wrote.
 * {@link #balanced()} states the invariant accepted + already present + rejected = input.
 */
public record JobSummary(String job, String runId, Instant started, Instant finished, long input, long accepted,
    long alreadyPresent, Map<String, Long> rejectedByReason, Map<String, Long> tablesRead,
    Map<String, Long> tablesWritten, Map<String, Object> extra) {

  public JobSummary {
    // Sorted, so printed and JSON summaries of equal runs are equal.
    rejectedByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(rejectedByReason));
    tablesRead = java.util.Collections.unmodifiableMap(new TreeMap<>(tablesRead));
    tablesWritten = java.util.Collections.unmodifiableMap(new TreeMap<>(tablesWritten));
    extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  public long rejected() {
    return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean balanced() {
    return accepted + alreadyPresent + rejected() == input;
  }

  public Duration duration() {
    return Duration.between(started, finished);
  }

  public double rowsPerSecond() {
    double seconds = Math.max(1e-3, duration().toMillis() / 1000.0);
    return input / seconds;
  }

  public void print(PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "== %s %s ==%n", job, runId);
    out.printf(Locale.ROOT, "  input           %,d%n", input);
    out.printf(Locale.ROOT, "  accepted (new)  %,d%n", accepted);
    out.printf(Locale.ROOT, "  already present %,d%n", alreadyPresent);
    out.printf(Locale.ROOT, "  rejected        %,d%n", rejected());
    rejectedByReason.forEach((reason, n) -> out.printf(Locale.ROOT, "    %-22s %,d%n", reason, n));
    out.printf(Locale.ROOT, "  balance         %s%n", balanced() ? "ok (accepted + already present + rejected = input)"
        : "MISMATCH: " + (accepted + alreadyPresent + rejected()) + " accounted for, " + input + " read");
    out.printf(Locale.ROOT, "  duration        %.1f s (%,.0f rows/s)%n", duration().toMillis() / 1000.0, rowsPerSecond());
    tablesRead.forEach((t, v) -> out.printf(Locale.ROOT, "  read  %-16s version %d%n", t, v));
    tablesWritten.forEach((t, v) -> out.printf(Locale.ROOT, "  wrote %-16s version %d%n", t, v));
    extra.forEach((k, v) -> out.printf(Locale.ROOT, "  %-15s %s%n", k, v));
  }

  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("job", job);
    json.put("run_id", runId);
    json.put("started", started.toString());
    json.put("finished", finished.toString());
    json.put("duration_s", duration().toMillis() / 1000.0);
    json.put("input", input);
    json.put("accepted", accepted);
    json.put("already_present", alreadyPresent);
    json.put("rejected", rejected());
    json.put("rejected_by_reason", rejectedByReason);
    json.put("balanced", balanced());
    json.put("rows_per_s", rowsPerSecond());
    json.put("tables_read", tablesRead);
    json.put("tables_written", tablesWritten);
    json.put("extra", extra);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
    } catch (IOException e) {
      throw new IllegalStateException("summary of plain values must serialise", e);
    }
  }

  public void writeJson(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson() + "\n");
  }
}

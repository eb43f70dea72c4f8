package dev.synergen.eval.sql;

import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import dev.synergen.eval.EvalErrors;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a query's rows in one of the {@link SqlFormat}s. JSON and CSV stream row by row
 * ({@code toLocalIterator}, one partition at a time on the driver), so a large result is not
 * held in memory; the table format is for reading in a terminal and shows at most
 * {@link #TABLE_MAX_ROWS} rows.
 */
public final class ResultWriter {
  public static final int TABLE_MAX_ROWS = 1000;
  public static final int TABLE_MAX_CELL = 60;

  private ResultWriter() {}

  /** Writes {@code rows} to {@code out} (UTF-8, not closed) and returns how many rows were written. */
  public static long write(Dataset<Row> rows, SqlFormat format, OutputStream out) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    long n = switch (format) {
      case JSON -> jsonLines(rows, w);
      case CSV -> csv(rows, w);
      case TABLE -> table(rows, w);
    };
    w.flush();
    return n;
  }

  private static long jsonLines(Dataset<Row> rows, Writer w) throws IOException {
    requireUniqueNames(rows.schema());
    // Spark's own JSON generator: binary as base64, maps as objects, timestamps ISO-8601; nulls kept so
    // that every line has every column (pandas then sees one schema).
    Dataset<Row> json = rows.select(to_json(struct(columns(rows)), Map.of("ignoreNullFields", "false")));
    long n = 0;
    for (Iterator<Row> it = json.toLocalIterator(); it.hasNext(); n++) {
      w.write(it.next().getString(0));
      w.write('\n');
    }
    return n;
  }

  private static long csv(Dataset<Row> rows, Writer w) throws IOException {
    requireUniqueNames(rows.schema());
    writeCsvLine(w, Arrays.asList(rows.columns()));
    long n = 0;
    for (Iterator<Row> it = asText(rows, true).toLocalIterator(); it.hasNext(); n++) {
      Row r = it.next();
      List<String> cells = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        cells.add(r.isNullAt(i) ? null : r.getString(i));
      }
      writeCsvLine(w, cells);
    }
    return n;
  }

  private static long table(Dataset<Row> rows, Writer w) throws IOException {
    StructField[] fields = rows.schema().fields();
    List<Row> taken = asText(rows, false).takeAsList(TABLE_MAX_ROWS + 1);
    boolean more = taken.size() > TABLE_MAX_ROWS;
    List<Row> shown = more ? taken.subList(0, TABLE_MAX_ROWS) : taken;
    int[] width = new int[fields.length];
    List<String[]> cells = new ArrayList<>();
    for (int c = 0; c < fields.length; c++) {
      width[c] = fields[c].name().length();
    }
    for (Row r : shown) {
      String[] line = new String[fields.length];
      for (int c = 0; c < fields.length; c++) {
        line[c] = cut(r.isNullAt(c) ? "NULL" : r.getString(c));
        width[c] = Math.max(width[c], line[c].length());
      }
      cells.add(line);
    }
    StringBuilder rule = new StringBuilder("+");
    for (int wd : width) {
      rule.append("-".repeat(wd)).append('+');
    }
    w.write(rule + "\n");
    String[] header = Arrays.stream(fields).map(StructField::name).toArray(String[]::new);
    writeTableLine(w, header, width, new boolean[fields.length]);
    w.write(rule + "\n");
    boolean[] right = new boolean[fields.length];
    for (int c = 0; c < fields.length; c++) {
      right[c] = fields[c].dataType() instanceof NumericType;
    }
    for (String[] line : cells) {
      writeTableLine(w, line, width, right);
    }
    w.write(rule + "\n");
    w.write(more ? String.format(Locale.ROOT, "(first %d rows shown; add LIMIT or use --format csv|json for all)%n",
        TABLE_MAX_ROWS) : String.format(Locale.ROOT, "(%d row%s)%n", shown.size(), shown.size() == 1 ? "" : "s"));
    return shown.size();
  }

  /** Every column as a string: nested values as JSON, binary as base64 ({@code full}) or its length. */
  private static Dataset<Row> asText(Dataset<Row> rows, boolean full) {
    StructField[] fields = rows.schema().fields();
    Column[] text = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Column c = rows.col(quoted(fields[i].name()));
      DataType t = fields[i].dataType();
      Column s;
      if (t instanceof BinaryType) {
        s = full ? base64(c) : concat(lit("<"), length(c).cast("string"), lit(" bytes>"));
      } else if (t instanceof ArrayType || t instanceof MapType || t instanceof StructType) {
        s = to_json(c);
      } else {
        s = c.cast("string");
      }
      text[i] = s.as("c" + i);
    }
    return rows.select(text);
  }

  private static Column[] columns(Dataset<Row> rows) {
    return Arrays.stream(rows.columns()).map(name -> rows.col(quoted(name))).toArray(Column[]::new);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static void requireUniqueNames(StructType schema) {
    Set<String> seen = new HashSet<>();
    for (String name : schema.fieldNames()) {
      if (!seen.add(name)) {
        throw EvalErrors.error(EvalErrors.SQL_INVALID, "the result has two columns named '" + name + "' "
            + Arrays.toString(schema.fieldNames()) + "; give them distinct names with AS so that JSON and CSV "
            + "readers can tell them apart");
      }
    }
  }

  private static String cut(String s) {
    String oneLine = s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    return oneLine.length() <= TABLE_MAX_CELL ? oneLine : oneLine.substring(0, TABLE_MAX_CELL - 3) + "...";
  }

  private static void writeTableLine(Writer w, String[] cells, int[] width, boolean[] right) throws IOException {
    StringBuilder b = new StringBuilder("|");
    for (int c = 0; c < cells.length; c++) {
      String pad = " ".repeat(width[c] - cells[c].length());
      b.append(right[c] ? pad + cells[c] : cells[c] + pad).append('|');
    }
    w.write(b.append('\n').toString());
  }

  /** RFC 4180: quote a field holding a comma, quote, CR or LF (or an empty string, to tell it from null). */
  static void writeCsvLine(Writer w, List<String> cells) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String s = cells.get(i);
      if (s == null) {
        continue;
      }
      boolean quote = s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
          || s.indexOf('\r') >= 0;
      b.append(quote ? '"' + s.replace("\"", "\"\"") + '"' : s);
    }
    w.write(b.append("\r\n").toString());
  }
}

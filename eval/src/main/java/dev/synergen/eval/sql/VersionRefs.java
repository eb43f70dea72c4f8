package dev.synergen.eval.sql;

import dev.synergen.eval.EvalErrors;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Finds {@code table@v12} references (Delta time travel) in a query and rewrites each to the
 * backticked view name {@code `table@v12`}, under which {@link LakehouseSql} registers that
 * version. Spark's grammar has no {@code @}, so the rewrite must happen on the text; it skips
 * string literals, quoted identifiers and comments so that {@code 'x@v1'} in a literal stays data.
 */
public final class VersionRefs {
  /** A time-travel reference: pipeline table name (lower case) and Delta version. */
  public record Ref(String table, long version) {
    /** The temp view name the query is rewritten to use, e.g. {@code raw_pairs@v3}. */
    public String viewName() {
      return table + "@v" + version;
    }
  }

  /** The rewritten query and the references it needs registered, in order of appearance. */
  public record Rewrite(String sql, Set<Ref> refs) {}

  private VersionRefs() {}

  /**
   * Rewrites every {@code name@vN} outside literals and comments; {@code knownTables} are the
   * names {@code name} may take (case-insensitive, as SQL identifiers are).
   */
  public static Rewrite rewrite(String sql, Collection<String> knownTables) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    Set<Ref> refs = new LinkedHashSet<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      if (c == '\'' || c == '"' || c == '`') {
        end = quotedEnd(sql, i, c);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        end = blockCommentEnd(sql, i);
      } else if (isIdentifierStart(c) && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
        end = identifierEnd(sql, i);
        int at = versionEnd(sql, end);
        if (at > end) {
          Ref ref = ref(sql.substring(i, end), sql.substring(end + 2, at), knownTables, sql.substring(i, at));
          refs.add(ref);
          out.append('`').append(ref.viewName()).append('`');
          i = at;
          continue;
        }
      } else {
        end = i + 1;
      }
      out.append(sql, i, end);
      i = end;
    }
    return new Rewrite(out.toString(), refs);
  }

  private static Ref ref(String name, String digits, Collection<String> knownTables, String token) {
    String table = name.toLowerCase(Locale.ROOT);
    if (!knownTables.contains(table)) {
      throw EvalErrors.error(EvalErrors.SQL_INVALID, "unknown table '" + name + "' in " + token
          + "; time travel (table@vN) works on the pipeline tables " + knownTables);
    }
    long version;
    try {
      version = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw EvalErrors.error(EvalErrors.SQL_INVALID, "version " + digits + " in " + token + " is too large", e);
    }
    return new Ref(table, version);
  }

  /** End of {@code @v<digits>} starting at {@code i}, or {@code i} when there is none. */
  private static int versionEnd(String sql, int i) {
    if (i + 2 >= sql.length() || sql.charAt(i) != '@' || Character.toLowerCase(sql.charAt(i + 1)) != 'v') {
      return i;
    }
    int j = i + 2;
    while (j < sql.length() && Character.isDigit(sql.charAt(j))) {
      j++;
    }
    boolean digits = j > i + 2;
    boolean endsToken = j == sql.length() || !isIdentifierPart(sql.charAt(j));
    return digits && endsToken ? j : i;
  }

  private static int quotedEnd(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2; // Spark's string literals take backslash escapes
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2; // doubled quote inside the literal
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length(); // unterminated: Spark's parser reports it
  }

  /** Spark's bracketed comments nest. */
  private static int blockCommentEnd(String sql, int start) {
    int depth = 0;
    int i = start;
    while (i < sql.length()) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  private static int identifierEnd(String sql, int start) {
    int i = start;
    while (i < sql.length() && isIdentifierPart(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}

package dev.synergen.tokenization.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The {@value #FIELD} field of a pair's metadata JSON: absent or {@value #CAPTION} for a caption,
 * {@value #VQA} for a question and its answer ("Is there a red circle in the image? yes"). Pack makes
 * a VQA pair an understanding sample only, and evaluation never scores it as a caption.
 */
public final class PairTask {
  public static final String FIELD = "task";
  public static final String CAPTION = "caption";
  public static final String VQA = "vqa";
  static final List<String> VALUES = List.of(CAPTION, VQA);

  private PairTask() {}

  /** True for a {@code raw_pairs} row whose {@code meta} marks a VQA pair, false otherwise (null meta too). */
  public static Column isVqa(Column meta) {
    return coalesce(get_json_object(meta, "$." + FIELD), lit(CAPTION)).equalTo(lit(VQA));
  }
}

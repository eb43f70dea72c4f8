package dev.synergen.eval.job;

/** One benchmark of {@code synergen eval}: a Spark batch job over held-out data that yields metrics and samples. */
public interface Suite {
  String name();

  /** Runs the suite; returns {@link SuiteResult#skipped} with a one-line reason when its inputs do not exist. */
  SuiteResult run(EvalContext context);
}

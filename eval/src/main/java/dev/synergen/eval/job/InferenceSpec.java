package dev.synergen.eval.job;

import java.io.Serializable;

/** Which model an inference task loads (once per executor JVM) and where it runs. */
public record InferenceSpec(String checkpoint, String tokenizer, String device) implements Serializable {}

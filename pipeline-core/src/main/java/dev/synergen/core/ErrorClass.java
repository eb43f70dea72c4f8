package dev.synergen.core;

/**
 * A stable error class: its code is a public contract (printed as {@code [CODE]}, matched by
 * callers and tests), its meaning documents when it is thrown, its module says whose factory owns it.
 */
public record ErrorClass(String code, String meaning, String module) {
  public ErrorClass {
    if (code == null || !code.matches("[A-Z][A-Z0-9_]*[A-Z0-9]")) {
      throw new IllegalArgumentException("error code must be UPPER_SNAKE_CASE, got '" + code + "'");
    }
    if (meaning == null || meaning.isBlank() || module == null || module.isBlank()) {
      throw new IllegalArgumentException("error class " + code + " needs a meaning and a module");
    }
  }

  @Override
  public String toString() {
    return code;
  }
}

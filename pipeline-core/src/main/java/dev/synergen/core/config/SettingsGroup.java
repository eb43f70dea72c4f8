package dev.synergen.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The declared settings of one job section (e.g. {@code train}), in declaration order. */
public final class SettingsGroup {
  private final String section;
  private final Map<String, Setting<?>> settings = new LinkedHashMap<>();

  public SettingsGroup(String section) {
    this.section = section;
  }

  /** Declares a setting of this section; a key declared twice is a programming error. */
  public synchronized <T> Setting<T> add(Setting.Builder<T> builder) {
    Setting<T> s = builder.build();
    if (!s.key().equals(section) && !s.key().startsWith(section + ".")) {
      throw new IllegalArgumentException("setting " + s.key() + " is outside section " + section);
    }
    if (settings.putIfAbsent(s.key(), s) != null) {
      throw new IllegalStateException("setting " + s.key() + " is declared twice");
    }
    return s;
  }

  public String section() {
    return section;
  }

  public synchronized List<Setting<?>> all() {
    return Collections.unmodifiableList(new ArrayList<>(settings.values()));
  }

  /** The {@code --help} section listing every key with its doc, range and default. */
  public String helpText() {
    StringBuilder b = new StringBuilder();
    for (Setting<?> s : all()) {
      b.append("  ").append(s.key());
      if (s.flag() != null) {
        b.append(" (").append(s.flag()).append(')');
      }
      b.append("%n      ").append(s.help().replace("%", "%%")).append("%n");
    }
    return b.toString();
  }
}

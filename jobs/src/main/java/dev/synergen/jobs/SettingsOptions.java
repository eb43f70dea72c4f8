package dev.synergen.jobs;

import dev.synergen.core.config.Setting;
import dev.synergen.core.config.SettingsGroup;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Command-line options and the help footer derived from declared settings: every {@link Setting}
 * with a flag becomes an option whose help is the setting's doc, range and default, and the footer
 * lists every key of the command's sections (flags or not), so nothing is written twice.
 */
final class SettingsOptions {
  /** A command whose options come (partly) from declared settings. */
  interface Declared {
    List<SettingsGroup> settingsGroups();
  }

  private SettingsOptions() {}

  /** Adds the derived options and the settings footer to every subcommand that declares settings. */
  static void install(CommandLine root) {
    for (CommandLine sub : root.getSubcommands().values()) {
      if (sub.getCommand() instanceof Declared declared) {
        install(sub.getCommandSpec(), declared.settingsGroups());
      }
      install(sub);
    }
  }

  static void install(CommandSpec spec, List<SettingsGroup> groups) {
    StringBuilder footer = new StringBuilder("%nSettings (--conf KEY=VALUE, --config FILE, or the flag shown):%n");
    for (SettingsGroup group : groups) {
      for (Setting<?> s : group.all()) {
        if (s.flag() != null && !spec.optionsMap().containsKey(s.flag())) {
          spec.addOption(OptionSpec.builder(s.flag())
              .paramLabel(s.paramLabel())
              .type(String.class)
              .description(escape(s.help()) + " Key: " + s.key() + ".")
              .build());
        }
      }
      footer.append(group.helpText());
    }
    String[] existing = spec.usageMessage().footer();
    String[] lines = new String[existing.length + 1];
    System.arraycopy(existing, 0, lines, 0, existing.length);
    lines[existing.length] = footer.toString();
    spec.usageMessage().footer(lines);
  }

  /** The values the user gave to derived options, by settings key. */
  static void collect(CommandSpec spec, List<SettingsGroup> groups, Map<String, String> out) {
    for (SettingsGroup group : groups) {
      for (Setting<?> s : group.all()) {
        OptionSpec option = s.flag() == null ? null : spec.findOption(s.flag());
        if (option != null && !option.originalStringValues().isEmpty()) {
          List<String> given = option.originalStringValues();
          out.put(s.key(), given.get(given.size() - 1));
        }
      }
    }
  }

  private static String escape(String text) {
    return text.replace("%", "%%");
  }
}

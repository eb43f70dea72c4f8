package dev.synergen.core.io;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of an {@link AtomicFiles} temporary file: {@code .<target>.synergen-tmp.<host>.<pid>.<uuid>}.
 *
 * <p>It names its writer so a later write can tell a temporary file whose writer died (SIGKILL,
 * power loss) from one being written right now: a writer on this host whose pid is no longer alive
 * is gone. Files of other hosts (a shared mount) are left alone, since their pids mean nothing here.
 */
record TempName(String target, String host, long pid) {
  static final String MARK = ".synergen-tmp.";
  private static final Pattern TAIL = Pattern.compile("(.+)\\.(\\d+)\\.[0-9a-f]{32}");
  private static final String HOST = hostTag();

  static String of(String target, UUID uuid) {
    return "." + target + MARK + HOST + "." + ProcessHandle.current().pid() + "."
        + uuid.toString().replace("-", "");
  }

  /** A {@link java.nio.file.DirectoryStream} glob matching the temporary files of {@code target}. */
  static String glob(String target) {
    return "." + target.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1") + MARK + "*";
  }

  /** The parts of a temporary name of {@code target}, or null when {@code fileName} is not one. */
  static TempName parse(String target, String fileName) {
    String prefix = "." + target + MARK;
    if (!fileName.startsWith(prefix)) {
      return null;
    }
    Matcher m = TAIL.matcher(fileName.substring(prefix.length()));
    return m.matches() ? new TempName(target, m.group(1), Long.parseLong(m.group(2))) : null;
  }

  /** True when the writer ran on this host and its process has ended. */
  boolean writerIsGone() {
    return host.equals(HOST) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  // The kernel's name first: InetAddress.getLocalHost can wait seconds on a misconfigured resolver.
  private static String hostTag() {
    String name;
    try {
      name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException | RuntimeException e) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException u) {
        name = "localhost";
      }
    }
    String tag = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return tag.isEmpty() ? "localhost" : tag;
  }
}

package dev.synergen.core.spark;

import java.util.List;

/** The JVM flags Spark 4 needs on Java 17, for executors started by this process. */
public final class JvmFlags {
  private static final List<String> OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
      "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
      "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

  private JvmFlags() {}

  /** Spark's own launcher list (a shorter list breaks the closure serializer), plus DJL offline mode. */
  public static String executorFlags() {
    StringBuilder sb = new StringBuilder("-XX:+IgnoreUnrecognizedVMOptions");
    for (String pkg : OPENS) {
      sb.append(" --add-opens=java.base/").append(pkg).append("=ALL-UNNAMED");
    }
    sb.append(" -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true");
    sb.append(" -Dai.djl.offline=true");
    return sb.toString();
  }
}

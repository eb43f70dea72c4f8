package dev.synergen.core.spark;

import com.esotericsoftware.kryo.Kryo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers the project's classes with Kryo. Each module lists its classes in
 * {@code META-INF/synergen/kryo-classes.txt}, so this registrator in pipeline-core never
 * depends on the modules above it; classes are registered in sorted order so that every JVM
 * assigns the same ids.
 */
public final class SynergenKryoRegistrator implements KryoRegistrator {
  public static final String RESOURCE = "META-INF/synergen/kryo-classes.txt";

  @Override
  public void registerClasses(Kryo kryo) {
    for (String name : listedClasses()) {
      try {
        kryo.register(Class.forName(name, false, classLoader()));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(RESOURCE + " lists " + name + " but it is not on the classpath", e);
      }
    }
  }

  static SortedSet<String> listedClasses() {
    SortedSet<String> names = new TreeSet<>();
    try {
      Enumeration<URL> resources = classLoader().getResources(RESOURCE);
      while (resources.hasMoreElements()) {
        URL url = resources.nextElement();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
          reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return names;
  }

  private static ClassLoader classLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : SynergenKryoRegistrator.class.getClassLoader();
  }
}

package dev.synergen.tokenization.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Picks the one ImageIO reader we trust per format, instead of whatever the registry finds first.
 *
 * <p>It also turns off ImageIO's disk cache for the JVM. ImageIO discovers plugins through the context class loader at first use; on a Spark executor
 * that loader may not see our jars, so the TwelveMonkeys providers are registered explicitly here
 * (registration also lets the JPEG provider find the JDK reader it delegates to).
 */
final class ImageReaders {
  private static final IIORegistry REGISTRY = IIORegistry.getDefaultInstance();

  static {
    // ImageIO.read/write on streams would otherwise buffer through temporary files in java.io.tmpdir:
    // writes outside the job's directories, left behind when a task is killed
    ImageIO.setUseCache(false);
    REGISTRY.registerServiceProvider(new JPEGImageReaderSpi());
    REGISTRY.registerServiceProvider(new WebPImageReaderSpi());
  }

  private ImageReaders() {}

  static ImageReader create(ImageFormat format) throws IOException {
    ImageReaderSpi spi = switch (format) {
      // TwelveMonkeys: the JDK JPEG reader fails on CMYK/YCCK and reads Adobe-inverted data wrong.
      case JPEG -> REGISTRY.getServiceProviderByClass(JPEGImageReaderSpi.class);
      case WEBP -> REGISTRY.getServiceProviderByClass(WebPImageReaderSpi.class);
      case PNG -> jdkProvider("png");
      case GIF -> jdkProvider("gif");
      case BMP -> jdkProvider("bmp");
    };
    return spi.createReaderInstance();
  }

  private static ImageReaderSpi jdkProvider(String formatName) {
    Iterator<ImageReaderSpi> providers = REGISTRY.getServiceProviders(ImageReaderSpi.class, true);
    while (providers.hasNext()) {
      ImageReaderSpi spi = providers.next();
      if (spi.getClass().getName().startsWith("com.sun.imageio.plugins.")
          && java.util.Arrays.asList(spi.getFormatNames()).contains(formatName)) {
        return spi;
      }
    }
    throw new IllegalStateException("the JDK's ImageIO " + formatName + " reader is not registered in this JVM");
  }
}

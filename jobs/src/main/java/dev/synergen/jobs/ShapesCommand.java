package dev.synergen.jobs;

import dev.synergen.core.config.Settings;
import dev.synergen.core.run.JobSummary;
import dev.synergen.core.run.RunId;
import dev.synergen.tokenization.shapes.ShapesCorpusConfig;
import dev.synergen.tokenization.shapes.ShapesJob;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code synergen shapes}: writes the synthetic shapes world as WebDataset tar shards. */
@Command(name = "shapes", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Generate the synthetic shapes world (DESIGN.md section 9) as WebDataset tar shards: "
        + "key.png (the scene), key.txt (a caption true of it), key.json (the exact scene: objects with shape, "
        + "colour, size, bbox). Seeded: the same settings give byte-identical shards.",
        "Settings keys: shapes.output, shapes.count, shapes.seed, shapes.samples_per_shard, shapes.image_size, "
            + "shapes.grid, shapes.min_objects, shapes.max_objects."})
final class ShapesCommand extends SparkJobCommand<ShapesCorpusConfig> {
  @Option(names = "--output", paramLabel = "DIR", description = "Directory of the shards (default: ./shapes).")
  Path output;

  @Option(names = "--count", paramLabel = "N", description = "Number of image-caption pairs (default: 10000).")
  Long count;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the scene generator (default: 0).")
  Long seed;

  @Option(names = "--samples-per-shard", paramLabel = "N", description = "Pairs per tar shard (default: 1000).")
  Integer samplesPerShard;

  @Option(names = "--image-size", paramLabel = "PX", description = "Side of the square images in pixels (default: 64).")
  Integer imageSize;

  @Option(names = "--grid", paramLabel = "N", description = "Scenes place objects on an N x N grid (default: 3).")
  Integer grid;

  @Option(names = "--min-objects", paramLabel = "N", description = "Fewest objects per scene (default: 1).")
  Integer minObjects;

  @Option(names = "--max-objects", paramLabel = "N", description = "Most objects per scene (default: 4).")
  Integer maxObjects;

  @Override
  String job() {
    return ShapesJob.JOB;
  }

  @Override
  Set<String> sections() {
    return Set.of("shapes");
  }

  @Override
  void flags(Map<String, String> out) {
    put(out, "shapes.output", output);
    put(out, "shapes.count", count);
    put(out, "shapes.seed", seed);
    put(out, "shapes.samples_per_shard", samplesPerShard);
    put(out, "shapes.image_size", imageSize);
    put(out, "shapes.grid", grid);
    put(out, "shapes.min_objects", minObjects);
    put(out, "shapes.max_objects", maxObjects);
  }

  @Override
  ShapesCorpusConfig config(Settings settings) {
    return ShapesJob.config(settings);
  }

  @Override
  JobSummary run(JobContext ctx, ShapesCorpusConfig config, RunId runId) {
    return ShapesJob.run(ctx.spark(), config, runId);
  }
}

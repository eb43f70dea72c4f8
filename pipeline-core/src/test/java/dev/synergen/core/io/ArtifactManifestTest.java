package dev.synergen.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synergen.core.CoreErrors;
import dev.synergen.core.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactManifestTest {
  @TempDir Path dir;

  @Test
  void verifiesUntouchedFiles() throws IOException {
    Files.writeString(dir.resolve("config.json"), "{}");
    Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3});
    var written = ArtifactManifest.write(dir, List.of("model.safetensors", "config.json"));
    assertEquals(written, ArtifactManifest.verify(dir));
    assertEquals(Sha256.hex(new byte[] {1, 2, 3}), written.get("model.safetensors"));
  }

  @Test
  void refusesAFlippedByteWithTheFileNamed() throws IOException {
    Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3});
    ArtifactManifest.write(dir, List.of("model.safetensors"));
    Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 4});
    PipelineException e = assertThrows(PipelineException.class, () -> ArtifactManifest.verify(dir));
    assertEquals(CoreErrors.ARTIFACT_TAMPERED.code(), e.errorClass());
    assertTrue(e.getMessage().contains("model.safetensors has sha256"), e.getMessage());
  }

  @Test
  void refusesADirectoryWithoutManifestAsIncomplete() {
    PipelineException e = assertThrows(PipelineException.class, () -> ArtifactManifest.verify(dir));
    assertEquals(CoreErrors.ARTIFACT_INCOMPLETE.code(), e.errorClass());
  }

  @Test
  void refusesEntriesThatEscapeTheDirectory() throws IOException {
    Files.writeString(dir.resolve(ArtifactManifest.FILE_NAME),
        "{\"format\":\"synergen-artifact/1\",\"files\":{\"../x\":{\"sha256\":\"00\",\"bytes\":1}}}");
    PipelineException e = assertThrows(PipelineException.class, () -> ArtifactManifest.verify(dir));
    assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
  }
}

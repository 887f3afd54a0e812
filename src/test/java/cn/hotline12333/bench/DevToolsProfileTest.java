package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevToolsProfileTest {
    @Test
    void theBrowsersProfileIsRemovedWholeAndAMissingOneIsNoError(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("profile");
        Files.createDirectories(profile.resolve("Default/Cache"));
        Files.writeString(profile.resolve("Default/Cache/data_0"), "x");
        Files.writeString(profile.resolve("Local State"), "{}");

        DevTools.deleteProfile(profile);

        assertThat(profile).doesNotExist();
        DevTools.deleteProfile(profile);
        DevTools.deleteProfile(dir.resolve("never-made"));
    }
}

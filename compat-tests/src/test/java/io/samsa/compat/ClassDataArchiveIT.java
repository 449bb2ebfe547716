package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start script's class-data archive: recorded once per installation and Java version, used by
 * every later start, recorded again when the installation's jars change, and never required.
 */
@Tag("integration")
@Timeout(240)
class ClassDataArchiveIT {
    @TempDir
    Path temp;

    @Test
    void theArchiveIsRecordedOnceAndTheBrokerLoadsItsClassesFromIt() throws Exception {
        Path home = copyOfTheDistribution();
        // When the operator prepares the installation
        prepare(home);
        // Then one archive for this Java version lies under var/class-data
        List<Path> archives = archivesIn(home);
        assertThat(archives).hasSize(1);
        Path archive = archives.getFirst();
        assertThat(archive.getFileName().toString()).endsWith(".jsa");
        assertThat(Files.size(archive)).isGreaterThan(1024 * 1024);
        FileTime recorded = Files.getLastModifiedTime(archive);

        // And a broker started from it takes its own classes from the archive
        int port = DistributionProcess.freePort();
        try (DistributionProcess broker = DistributionProcess.start(home, Map.of("SAMSA_OPTS", "-Xlog:class+load=info"),
                temp.resolve("data"), port)) {
            broker.awaitListening();
            assertThat(broker.output()).contains("io.samsa.core.server.BrokerServer source: shared objects file");
            assertThat(broker.terminate()).isIn(0, 143);
        }
        // And starting again does not record it again
        prepare(home);
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(recorded);

        // When a jar of the installation is replaced
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            Path core = jars.filter(jar -> jar.getFileName().toString().startsWith("samsa-core-")).findFirst().orElseThrow();
            Files.setLastModifiedTime(core, FileTime.from(Instant.now().plus(1, ChronoUnit.MINUTES)));
        }
        // Then the next start records the archive anew
        prepare(home);
        assertThat(archivesIn(home)).containsExactly(archive);
        assertThat(Files.getLastModifiedTime(archive)).isNotEqualTo(recorded);
    }

    @Test
    void withTheArchiveSwitchedOffTheBrokerStartsWithoutOne() throws Exception {
        Path home = copyOfTheDistribution();
        int port = DistributionProcess.freePort();
        try (DistributionProcess broker = DistributionProcess.start(home, Map.of("SAMSA_CLASS_DATA", "off"),
                temp.resolve("data"), port)) {
            broker.awaitListening();
            assertThat(broker.terminate()).isIn(0, 143);
        }
        assertThat(home.resolve("var")).doesNotExist();
    }

    private Path copyOfTheDistribution() throws IOException {
        Path source = DistributionProcess.home();
        Path copy = temp.resolve("samsa");
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path relative = source.relativize(path);
                Path target = copy.resolve(relative.toString());
                if (relative.startsWith("var")) {
                    continue; // what earlier runs of the shared installation recorded
                }
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    private static List<Path> archivesIn(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("var/class-data"))) {
            return files.toList();
        }
    }

    /** {@code bin/samsa-server.sh --prepare}: records the archive if it is missing or stale, then exits. */
    private static void prepare(Path home) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/samsa-server.sh").toString(), "--prepare")
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertThat(process.waitFor(150, TimeUnit.SECONDS)).as("the start script finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit status; output:%n%s", output).isZero();
    }
}

package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting and killing the distribution's broker for the crash tests. */
final class BrokerProcesses {
    /** The exit status Java reports for a process that SIGKILL (9) ended. */
    private static final int KILLED_BY_SIGKILL = 128 + 9;

    private BrokerProcesses() {}

    /**
     * Starts the distribution's broker with storage plugins from {@code samsa.plugin.path} (the
     * build points it at the distribution's own plugins/ directory unless told otherwise).
     */
    static DistributionProcess start(Path dataDir, int port, String... overrides) throws IOException {
        List<String> all = new ArrayList<>();
        String pluginPath = System.getProperty("samsa.plugin.path");
        if (pluginPath != null) {
            all.add("plugin.path=" + pluginPath);
        }
        all.addAll(List.of(overrides));
        return DistributionProcess.start(dataDir, port, all.toArray(String[]::new));
    }

    /**
     * Kills the broker's JVM with SIGKILL: no shutdown hook, no flush, no close. bin/samsa-server.sh
     * {@code exec}s java, so the child process is the JVM itself and no wrapper shell is left to
     * kill instead; that is checked first.
     */
    static void kill(DistributionProcess broker) throws InterruptedException {
        Process process = broker.process();
        assertThat(process.isAlive()).as("broker alive before the kill").isTrue();
        assertThat(process.toHandle().info().command()).as("the child process's executable")
                .hasValueSatisfying(command -> assertThat(Path.of(command).getFileName().toString()).isEqualTo("java"));
        assertThat(process.toHandle().descendants().toList()).as("processes below the broker's JVM").isEmpty();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the JVM died").isTrue();
        assertThat(process.exitValue()).as("exit status (killed by SIGKILL)").isEqualTo(KILLED_BY_SIGKILL);
    }
}

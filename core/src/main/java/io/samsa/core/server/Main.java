package io.samsa.core.server;

import io.samsa.core.config.ConfigException;
import io.samsa.core.log.LogDirectoryException;
import io.samsa.core.network.NetworkStartException;
import io.samsa.core.plugin.StorageEngineStartException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code samsa-server [CONFIG] [--override key=value]...}: runs a broker in the foreground until
 * SIGTERM or Ctrl-C, which stop it gracefully. A configuration or start-up problem is printed as
 * one line naming what is wrong, with exit status 1.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        BrokerServer broker;
        try {
            Arguments arguments = Arguments.parse(args);
            broker = Brokers.create(Brokers.loadConfig(arguments.configFile(), arguments.overrides()));
            broker.start();
        } catch (ConfigException | LogDirectoryException | NetworkStartException | StorageEngineStartException
                | BrokerStartException | UsageException e) {
            System.err.println("samsa: " + e.getMessage());
            System.exit(1);
            return;
        }
        BrokerServer running = broker;
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "samsa-shutdown"));
        try {
            running.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Arguments(Optional<Path> configFile, List<String> overrides) {
        static Arguments parse(String[] args) {
            Path config = null;
            List<String> overrides = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--override")) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--override needs key=value");
                    }
                    overrides.add(args[++i]);
                } else if (arg.startsWith("--override=")) {
                    overrides.add(arg.substring("--override=".length()));
                } else if (arg.startsWith("-")) {
                    throw new UsageException("unknown option " + arg + "; usage: samsa-server [CONFIG] [--override key=value]...");
                } else if (config == null) {
                    config = Path.of(arg);
                } else {
                    throw new UsageException("only one configuration file may be given (got " + config + " and " + arg + ")");
                }
            }
            return new Arguments(Optional.ofNullable(config), overrides);
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}

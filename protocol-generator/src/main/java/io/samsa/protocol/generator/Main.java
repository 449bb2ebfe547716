package io.samsa.protocol.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Generates the protocol codec from Kafka's message specs.
 *
 * <p>Arguments: the spec directory ({@code common/message}), the main source output directory and
 * the test source output directory. Runs inside Maven (exec:java), so it reports failure by
 * throwing rather than exiting the VM.
 */
public final class Main {
    static final String MESSAGE_PACKAGE = "io.samsa.protocol.message";
    static final String PROTOCOL_PACKAGE = "io.samsa.protocol";

    private Main() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: Main <specDir> <mainOutputDir> <testOutputDir>");
        }
        String summary = generate(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
        System.out.println("samsa protocol generator: " + summary);
    }

    /** Generates every class; returns a one-line summary. */
    public static String generate(Path specDir, Path mainOut, Path testOut) {
        List<MessageSpec> all = readSpecs(specDir);
        List<MessageSpec> generated = all.stream().filter(MessageSpec::hasVersions).toList();

        SourceTree main = new SourceTree(mainOut);
        SourceTree test = new SourceTree(testOut);
        for (MessageSpec spec : generated) {
            StructRegistry registry = StructRegistry.of(spec);
            try {
                CodeBuffer body = new CodeBuffer();
                new StructClassWriter(spec, registry).writeTopLevel(body);
                main.write(MESSAGE_PACKAGE, spec.className(),
                        JavaFile.render(MESSAGE_PACKAGE, spec.fileName(), body.toString(), List.of()));
                test.write(MESSAGE_PACKAGE, RandomizerWriter.className(spec),
                        new RandomizerWriter(spec, registry).render());
            } catch (SpecException e) {
                throw new SpecException(spec.fileName() + ": " + e.getMessage(), e);
            }
        }
        main.write(PROTOCOL_PACKAGE, "ApiKey", new ApiKeyWriter(all).render());
        test.write(MESSAGE_PACKAGE, "MessageCatalog", new CatalogWriter(generated).render());
        int changed = main.finish() + test.finish();
        return String.format("%d specs, %d message classes, %d files changed", all.size(), generated.size(), changed);
    }

    private static List<MessageSpec> readSpecs(Path specDir) {
        SpecParser parser = new SpecParser();
        List<MessageSpec> specs = new ArrayList<>();
        try (Stream<Path> files = Files.list(specDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                specs.add(parser.parse(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + specDir, e);
        }
        if (specs.isEmpty()) {
            throw new SpecException("no specs found in " + specDir);
        }
        specs.sort(Comparator.comparing(MessageSpec::name));
        return specs;
    }
}

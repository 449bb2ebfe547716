package io.samsa.protocol.generator;

import java.util.List;

/** Writes, into the test sources, the list of every generated message with its factory and randomizer. */
final class CatalogWriter {
    private final List<MessageSpec> specs;

    CatalogWriter(List<MessageSpec> specs) {
        this.specs = specs;
    }

    String render() {
        CodeBuffer out = new CodeBuffer();
        out.line("/** Every message class generated from the specs, for tests that cover them all. */");
        out.open("public final class MessageCatalog");
        out.line("private static final List<MessageInfo> ALL = List.of(");
        for (int i = 0; i < specs.size(); i++) {
            MessageSpec s = specs.get(i);
            out.line("        new MessageInfo(\"%s\", MessageInfo.Kind.%s, %d, (short) %d, (short) %d, %s::new, %s::random)%s",
                    s.name(), s.kind(), s.apiKey(), s.validVersions().lowest(), s.validVersions().highest(),
                    s.className(), RandomizerWriter.className(s), i == specs.size() - 1 ? ");" : ",");
        }
        out.blank();
        out.open("private MessageCatalog()");
        out.close();
        out.blank();
        out.open("public static List<MessageInfo> all()");
        out.line("return ALL;");
        out.close();
        out.close();
        return JavaFile.render("io.samsa.protocol.message", "every spec", out.toString(),
                List.of("io.samsa.protocol.MessageInfo"));
    }
}

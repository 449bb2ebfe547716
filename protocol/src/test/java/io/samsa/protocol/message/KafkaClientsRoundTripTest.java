package io.samsa.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.Message;
import io.samsa.protocol.MessageInfo;
import io.samsa.protocol.RandomValues;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated message, in every version, against kafka-clients' own classes: Samsa's bytes
 * must parse in Kafka and come back out of it byte for byte, and parse back in Samsa to an equal
 * message.
 */
class KafkaClientsRoundTripTest {
    private static final int SEEDS = 5;

    static Stream<Arguments> everyMessageVersion() {
        return MessageCatalog.all().stream()
                .flatMap(info -> IntStream.rangeClosed(info.lowestVersion(), info.highestVersion())
                        .mapToObj(v -> Arguments.of(info, (short) v)));
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyMessageVersion")
    void kafkaClientsReadsAndRewritesTheSameBytes(MessageInfo info, short version) throws Exception {
        Constructor<?> kafkaReader = kafkaClass(info).getConstructor(Readable.class, short.class);
        for (int seed = 0; seed < SEEDS; seed++) {
            // Given
            Message original = info.randomizer().random(new RandomValues(seed(info, version, seed)), version);
            byte[] samsaBytes = write(original, version);

            // When
            ByteBuffer input = ByteBuffer.wrap(samsaBytes);
            org.apache.kafka.common.protocol.Message kafka = newKafkaMessage(kafkaReader, input, version);
            byte[] kafkaBytes = writeWithKafka(kafka, version);
            Message reread = info.factory().get();
            reread.read(new ByteBufferReadable(ByteBuffer.wrap(kafkaBytes)), version);

            // Then
            String context = info + " v" + version + " seed " + seed + ": " + original;
            assertThat(input.remaining()).as("bytes kafka-clients left unread, %s", context).isZero();
            assertThat(kafkaBytes).as("kafka-clients' re-encoding of %s", context).isEqualTo(samsaBytes);
            assertThat(reread).as(context).isEqualTo(original);
            assertThat(reread.hashCode()).as(context).isEqualTo(original.hashCode());
            assertThat(original.size(version)).as("size of %s", context).isEqualTo(samsaBytes.length);
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyMessageVersion")
    void kafkaClientsDefaultsReadAndRewriteTheSameBytes(MessageInfo info, short version) throws Exception {
        // Given
        var kafka = (org.apache.kafka.common.protocol.Message) kafkaClass(info).getConstructor().newInstance();
        byte[] kafkaBytes;
        try {
            kafkaBytes = writeWithKafka(kafka, version);
        } catch (RuntimeException e) {
            // Some defaults cannot be written as they are (a null that the version does not allow).
            Assumptions.abort("kafka-clients cannot write its own defaults: " + e);
            return;
        }

        // When
        ByteBuffer input = ByteBuffer.wrap(kafkaBytes);
        Message samsa = info.factory().get();
        samsa.read(new ByteBufferReadable(input), version);

        // Then
        assertThat(input.remaining()).isZero();
        assertThat(write(samsa, version)).as("%s v%d", info, version).isEqualTo(kafkaBytes);
        assertThat(write(info.factory().get(), version)).as("defaults of %s v%d", info, version).isEqualTo(kafkaBytes);
    }

    @Test
    void everyMessageHasAKafkaClientsCounterpart() {
        // Given
        var infos = MessageCatalog.all();

        // When
        var missing = infos.stream().filter(info -> !kafkaClassExists(info)).toList();

        // Then
        assertThat(infos).hasSizeGreaterThan(180);
        assertThat(missing).isEmpty();
    }

    @Test
    void coversEveryVersionOfEveryApi() {
        // Given
        long apiVersions = Arrays.stream(org.apache.kafka.common.message.ApiMessageType.values())
                .mapToLong(t -> Math.max(0, t.highestSupportedVersion(true) - t.lowestSupportedVersion() + 1))
                .sum();

        // When
        long requestVersions = everyMessageVersion()
                .filter(a -> ((MessageInfo) a.get()[0]).kind() == MessageInfo.Kind.REQUEST)
                .count();
        long responseVersions = everyMessageVersion()
                .filter(a -> ((MessageInfo) a.get()[0]).kind() == MessageInfo.Kind.RESPONSE)
                .count();

        // Then
        assertThat(requestVersions).isEqualTo(apiVersions);
        assertThat(responseVersions).isEqualTo(apiVersions);
    }

    static long seed(MessageInfo info, short version, int index) {
        return ((long) info.specName().hashCode() << 32) ^ (version * 1_000L) ^ index;
    }

    static byte[] write(Message message, short version) {
        ByteBufferWritable writable = new ByteBufferWritable(64);
        message.write(writable, version);
        ByteBuffer buffer = writable.toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    static Class<?> kafkaClass(MessageInfo info) throws ClassNotFoundException {
        // Kafka appends "Data" to requests, responses and headers only.
        String simpleName = info.kind() == MessageInfo.Kind.DATA ? info.specName() : info.specName() + "Data";
        return Class.forName("org.apache.kafka.common.message." + simpleName);
    }

    private static boolean kafkaClassExists(MessageInfo info) {
        try {
            return org.apache.kafka.common.protocol.Message.class.isAssignableFrom(kafkaClass(info));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static org.apache.kafka.common.protocol.Message newKafkaMessage(
            Constructor<?> reader, ByteBuffer input, short version) throws Exception {
        try {
            return (org.apache.kafka.common.protocol.Message) reader.newInstance(new ByteBufferAccessor(input), version);
        } catch (InvocationTargetException e) {
            throw new AssertionError("kafka-clients cannot parse Samsa's bytes", e.getCause());
        }
    }

    private static byte[] writeWithKafka(org.apache.kafka.common.protocol.Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(message.size(cache, version));
        message.write(new ByteBufferAccessor(buffer), cache, version);
        return buffer.array();
    }
}

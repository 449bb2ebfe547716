package io.samsa.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.ByteBufferWritable;
import io.samsa.protocol.Message;
import io.samsa.protocol.RawTaggedField;
import io.samsa.protocol.UnsupportedVersionException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Behaviour of the generated classes beyond byte compatibility: defaults, versions, nullability. */
class GeneratedMessageTest {
    @Test
    void newMessagesHoldTheSpecDefaults() {
        // Given / When
        MetadataRequestData metadata = new MetadataRequestData();
        FetchRequestData fetch = new FetchRequestData();
        FetchRequestData.FetchPartition partition = new FetchRequestData.FetchPartition();

        // Then
        assertThat(metadata.allowAutoTopicCreation()).isTrue();
        assertThat(metadata.topics()).isEmpty();
        assertThat(fetch.clusterId()).isNull();
        assertThat(fetch.maxBytes()).isEqualTo(Integer.MAX_VALUE);
        assertThat(fetch.replicaId()).isEqualTo(-1);
        assertThat(fetch.rackId()).isEmpty();
        assertThat(partition.highWatermark()).isEqualTo(Long.MAX_VALUE);
        assertThat(partition.replicaDirectoryId()).isEqualTo(new UUID(0, 0));
        assertThat(new ApiVersionsResponseData().finalizedFeaturesEpoch()).isEqualTo(-1L);
    }

    @Test
    void versionsOutsideTheSpecAreUnsupported() {
        // Given
        ApiVersionsRequestData request = new ApiVersionsRequestData();

        // When / Then
        assertThatThrownBy(() -> request.write(new ByteBufferWritable(), (short) 5))
                .isInstanceOf(UnsupportedVersionException.class);
        assertThatThrownBy(() -> request.size((short) -1))
                .isInstanceOf(UnsupportedVersionException.class);
        assertThatThrownBy(() -> request.read(new ByteBufferReadable(ByteBuffer.allocate(8)), (short) 99))
                .isInstanceOf(UnsupportedVersionException.class);
    }

    @Test
    void refusesToDropANonDefaultFieldThatIsNotIgnorable() {
        // Given: AllowAutoTopicCreation exists from v4 on, defaults to true and is not ignorable
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(false);

        // When / Then
        assertThatThrownBy(() -> request.write(new ByteBufferWritable(), (short) 3))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("allowAutoTopicCreation");
        request.setAllowAutoTopicCreation(true);
        request.write(new ByteBufferWritable(), (short) 3);
    }

    @Test
    void silentlyDropsAnIgnorableField() {
        // Given: ThrottleTimeMs exists from v1 on and is ignorable
        ApiVersionsResponseData response = new ApiVersionsResponseData().setThrottleTimeMs(500);

        // When
        ApiVersionsResponseData reread = roundTrip(response, (short) 0, new ApiVersionsResponseData());

        // Then
        assertThat(reread.throttleTimeMs()).isZero();
    }

    @Test
    void readingResetsFieldsTheVersionLacksToTheirDefaults() {
        // Given
        MetadataRequestData target = new MetadataRequestData()
                .setAllowAutoTopicCreation(false)
                .setIncludeTopicAuthorizedOperations(true);

        // When
        roundTrip(new MetadataRequestData(), (short) 3, target);

        // Then
        assertThat(target.allowAutoTopicCreation()).isTrue();
        assertThat(target.includeTopicAuthorizedOperations()).isFalse();
    }

    @Test
    void taggedFieldsGoOnTheWireOnlyWhenNotDefault() {
        // Given
        ApiVersionsResponseData plain = new ApiVersionsResponseData();
        ApiVersionsResponseData withEpoch = new ApiVersionsResponseData().setFinalizedFeaturesEpoch(7);

        // When
        int plainSize = plain.size((short) 3);
        int epochSize = withEpoch.size((short) 3);
        ApiVersionsResponseData reread = roundTrip(withEpoch, (short) 3, new ApiVersionsResponseData());

        // Then: tag, length and an int64
        assertThat(epochSize - plainSize).isEqualTo(1 + 1 + 8);
        assertThat(reread.finalizedFeaturesEpoch()).isEqualTo(7);
    }

    @Test
    void unknownTaggedFieldsSurviveARoundTrip() {
        // Given
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(42);
        header.unknownTaggedFields().add(new RawTaggedField(3, new byte[] {1, 2, 3}));
        header.unknownTaggedFields().add(new RawTaggedField(700, new byte[0]));

        // When
        ResponseHeaderData reread = roundTrip(header, (short) 1, new ResponseHeaderData());

        // Then
        assertThat(reread).isEqualTo(header);
        assertThat(reread.unknownTaggedFields()).containsExactly(
                new RawTaggedField(3, new byte[] {1, 2, 3}), new RawTaggedField(700, new byte[0]));
    }

    @Test
    void unknownTaggedFieldsCannotBeWrittenInAnInflexibleVersion() {
        // Given
        ResponseHeaderData header = new ResponseHeaderData();
        header.unknownTaggedFields().add(new RawTaggedField(3, new byte[] {1}));

        // When / Then
        assertThatThrownBy(() -> header.write(new ByteBufferWritable(), (short) 0))
                .isInstanceOf(UnsupportedVersionException.class);
    }

    @Test
    void nullIsRefusedWhereTheVersionIsNotNullable() {
        // Given: topics become nullable in v1
        MetadataRequestData request = new MetadataRequestData().setTopics(null);

        // When
        MetadataRequestData v1 = roundTrip(request, (short) 1, new MetadataRequestData());

        // Then
        assertThat(v1.topics()).isNull();
        assertThatThrownBy(() -> request.write(new ByteBufferWritable(), (short) 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("topics");
    }

    @Test
    void requestHeaderClientIdKeepsItsClassicEncodingInFlexibleVersions() {
        // Given
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey((short) 18).setRequestApiVersion((short) 3).setCorrelationId(1).setClientId("ab");

        // When
        ByteBuffer bytes = write(header, (short) 2);

        // Then: key, version, correlation id, int16 length 2, "ab", empty tagged section
        assertThat(bytes.remaining()).isEqualTo(2 + 2 + 4 + 2 + 2 + 1);
        assertThat(bytes.getShort(8)).isEqualTo((short) 2);
    }

    @Test
    void zeroCopyBytesAreReadAsAViewOfTheInput() {
        // Given
        EnvelopeRequestData envelope = new EnvelopeRequestData()
                .setRequestData(ByteBuffer.wrap(new byte[] {5, 6, 7}))
                .setRequestPrincipal(new byte[] {1});
        ByteBuffer input = write(envelope, (short) 0);

        // When
        EnvelopeRequestData reread = new EnvelopeRequestData(new ByteBufferReadable(input), (short) 0);
        input.put(1, (byte) 99);

        // Then
        assertThat(reread.requestData().get(0)).isEqualTo((byte) 99);
        assertThat(reread.requestPrincipal()).containsExactly(1);
    }

    @Test
    void unsignedFieldsRejectOutOfRangeValues() {
        // Given
        AddRaftVoterRequestData.Listener listener = new AddRaftVoterRequestData.Listener();

        // When / Then
        assertThatThrownBy(() -> listener.setPort(65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> listener.setPort(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(listener.setPort(65_535).port()).isEqualTo(65_535);
    }

    @Test
    void nestedStructsUseTheirOwnVersions() {
        // Given
        ApiVersionsResponseData.ApiVersion apiVersion = new ApiVersionsResponseData.ApiVersion();

        // When / Then
        assertThat(apiVersion.lowestSupportedVersion()).isZero();
        assertThat(apiVersion.highestSupportedVersion()).isEqualTo(ApiVersionsResponseData.HIGHEST_SUPPORTED_VERSION);
        assertThat(new ApiVersionsResponseData.SupportedFeatureKey().lowestSupportedVersion()).isEqualTo((short) 3);
        assertThat(List.of(new ApiVersionsResponseData.ApiVersion().setApiKey((short) 1)))
                .isNotEqualTo(List.of(apiVersion));
    }

    private static ByteBuffer write(Message message, short version) {
        ByteBufferWritable writable = new ByteBufferWritable();
        message.write(writable, version);
        assertThat(writable.position()).isEqualTo(message.size(version));
        return writable.toByteBuffer();
    }

    private static <M extends Message> M roundTrip(Message message, short version, M target) {
        ByteBuffer bytes = write(message, version);
        target.read(new ByteBufferReadable(bytes), version);
        assertThat(bytes.remaining()).isZero();
        return target;
    }
}

package io.samsa.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.testkit.BrokerExtension;
import io.samsa.testkit.BrokerProperty;
import io.samsa.testkit.NettyLeakWatcher;
import io.samsa.testkit.TestBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Garbage, truncated, oversized and malformed frames on many connections must cost only those
 * connections: a well-behaved client keeps being served throughout, and no buffer leaks.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(BrokerExtension.class)
@BrokerProperty(key = "socket.request.max.bytes", value = "65536")
@BrokerProperty(key = "connections.max.idle.ms", value = "1500")
class HostileInputIT {
    private static final long SEED = 20261121L;

    @Test
    void hostileConnectionsNeverDisturbAWellBehavedClient(TestBroker broker) throws Exception {
        Random random = new Random(SEED);
        try (NettyLeakWatcher leaks = new NettyLeakWatcher();
                Admin admin = Clients.admin(broker.bootstrapServers())) {
            for (int round = 0; round < 30; round++) {
                // Given a burst of hostile connections, several open at once
                List<Socket> sockets = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    Socket socket = new Socket(broker.address().getAddress(), broker.address().getPort());
                    sockets.add(socket);
                    sendHostile(socket.getOutputStream(), random);
                }
                for (Socket socket : sockets) {
                    socket.close();
                }
                // Then the well-behaved client is answered correctly
                assertThat(admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS)).isEqualTo(broker.clusterId());
            }
            // And no buffer was leaked by any of it
            assertThat(leaks.leaksAfterGc(() -> describe(admin, broker))).isEmpty();
        }
    }

    @Test
    void anOversizedFrameClosesThatConnectionOnly(TestBroker broker) throws IOException {
        try (RawConnection offender = new RawConnection(broker.address());
                RawConnection bystander = new RawConnection(broker.address())) {
            // When a size field above socket.request.max.bytes arrives
            offender.sendRaw(ByteBuffer.allocate(4).putInt(65537).array());
            // Then that connection is closed without an answer
            assertThat(offender.closedByBroker(Duration.ofSeconds(5))).isTrue();
            bystander.send(ApiKeys.API_VERSIONS, (short) 3, 1, new ApiVersionsRequestData()
                    .setClientSoftwareName("ok").setClientSoftwareVersion("1"));
            assertThat(bystander.receive()).isPresent();
        }
    }

    @Test
    void aNegativeOrTooShortFrameClosesTheConnection(TestBroker broker) throws IOException {
        for (int size : new int[] {-1, 0, 3, Integer.MIN_VALUE}) {
            try (RawConnection connection = new RawConnection(broker.address())) {
                ByteBuffer frame = ByteBuffer.allocate(4 + Math.max(0, size)).putInt(size);
                connection.sendRaw(frame.array());
                assertThat(connection.closedByBroker(Duration.ofSeconds(5))).as("size %d", size).isTrue();
            }
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterConnectionsMaxIdleMs(TestBroker broker) throws IOException {
        try (RawConnection connection = new RawConnection(broker.address())) {
            // Given half a frame, then silence
            connection.sendRaw(new byte[] {0, 0, 0, 20, 0, 18});
            // Then the broker closes it once connections.max.idle.ms (1.5 s here) has passed
            assertThat(connection.closedByBroker(Duration.ofSeconds(10))).isTrue();
        }
    }

    private static void describe(Admin admin, TestBroker broker) {
        try {
            assertThat(admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS)).isEqualTo(broker.clusterId());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** One of several kinds of bad input, chosen at random. */
    private static void sendHostile(OutputStream out, Random random) throws IOException {
        switch (random.nextInt(7)) {
            case 0 -> { // pure noise
                byte[] noise = new byte[1 + random.nextInt(512)];
                random.nextBytes(noise);
                out.write(noise);
            }
            case 1 -> { // a valid request cut short
                byte[] frame = validMetadataFrame(random);
                out.write(frame, 0, 1 + random.nextInt(frame.length - 1));
            }
            case 2 -> out.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array()); // oversized size field
            case 3 -> { // a valid header followed by a garbage body
                byte[] frame = validMetadataFrame(random);
                for (int i = 14 + "hostile".length() + 2; i < frame.length; i++) {
                    frame[i] = (byte) random.nextInt();
                }
                out.write(frame);
            }
            case 4 -> { // one flipped byte anywhere in a valid request
                byte[] frame = validMetadataFrame(random);
                frame[4 + random.nextInt(frame.length - 4)] ^= (byte) (1 + random.nextInt(255));
                out.write(frame);
            }
            case 5 -> { // a size that claims more than what follows, then silence
                out.write(ByteBuffer.allocate(12).putInt(1000).putShort((short) 3).putShort((short) 12).putInt(1).array());
            }
            default -> { // an array count far larger than the frame
                ByteBuffer frame = ByteBuffer.allocate(4 + 14 + 4);
                frame.putInt(14 + 4).putShort(ApiKeys.METADATA.id).putShort((short) 4).putInt(9).putShort((short) 4)
                        .put("evil".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(Integer.MAX_VALUE);
                out.write(frame.array());
            }
        }
        out.flush();
    }

    private static byte[] validMetadataFrame(Random random) {
        short version = (short) random.nextInt(ApiKeys.METADATA.latestVersion() + 1);
        List<MetadataRequestData.MetadataRequestTopic> topics = new ArrayList<>();
        topics.add(new MetadataRequestData.MetadataRequestTopic().setName("topic-" + random.nextInt(100)));
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.METADATA.id)
                .setRequestApiVersion(version).setCorrelationId(random.nextInt()).setClientId("hostile");
        return RawConnection.frame(header, ApiKeys.METADATA.requestHeaderVersion(version),
                new MetadataRequestData().setTopics(topics), version);
    }
}

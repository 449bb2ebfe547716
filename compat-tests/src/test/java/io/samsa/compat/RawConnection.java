package io.samsa.compat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;

/**
 * A bare Kafka connection for tests that need byte-level control: frames are built with
 * kafka-clients' own message classes, so what is sent is exactly what a Kafka client would send
 * (or, on purpose, not).
 */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawConnection(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Frames and sends a request whose header version follows the API's rules. */
    void send(ApiKeys key, short version, int correlationId, Message body) throws IOException {
        sendRaw(request(key, version, correlationId, body));
    }

    /** The bytes {@link #send} sends: to send several requests in one write, as a pipelining client may. */
    static byte[] request(ApiKeys key, short version, int correlationId, Message body) {
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(key.id)
                .setRequestApiVersion(version)
                .setCorrelationId(correlationId)
                .setClientId("samsa-compat-test");
        return frame(header, key.requestHeaderVersion(version), body, version);
    }

    /**
     * InitProducerId v5 for an idempotent producer (no transactional id), answered on this
     * connection; fails unless the broker hands out a producer id.
     */
    InitProducerIdResponseData initIdempotentProducer() throws IOException {
        short version = 5;
        send(ApiKeys.INIT_PRODUCER_ID, version, 1, new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(60_000).setProducerId(-1).setProducerEpoch((short) -1));
        ByteBuffer frame = receive().orElseThrow(() -> new AssertionError("the broker closed the connection"));
        readResponseHeader(frame, ApiKeys.INIT_PRODUCER_ID.responseHeaderVersion(version));
        InitProducerIdResponseData response = new InitProducerIdResponseData(new ByteBufferAccessor(frame), version);
        if (response.errorCode() != 0) {
            throw new AssertionError("InitProducerId failed with error code " + response.errorCode());
        }
        return response;
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one response frame, or empty if the broker closed the connection instead. */
    Optional<ByteBuffer> receive() throws IOException {
        try {
            int size = in.readInt();
            byte[] frame = new byte[size];
            in.readFully(frame);
            return Optional.of(ByteBuffer.wrap(frame));
        } catch (EOFException | SocketException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the next response frame if it starts arriving within {@code wait}; empty if nothing
     * came by then (the request is still pending, as a parked long-poll fetch is).
     */
    Optional<ByteBuffer> receiveWithin(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        int size;
        try {
            size = in.readInt();
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } finally {
            socket.setSoTimeout(10_000);
        }
        byte[] frame = new byte[size];
        in.readFully(frame);
        return Optional.of(ByteBuffer.wrap(frame));
    }

    /** True if the broker closes the connection within {@code wait} without sending anything. */
    boolean closedByBroker(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    static ResponseHeaderData readResponseHeader(ByteBuffer frame, short headerVersion) {
        return new ResponseHeaderData(new ByteBufferAccessor(frame), headerVersion);
    }

    static byte[] frame(Message header, short headerVersion, Message body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES + size);
        buffer.putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        return buffer.array();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

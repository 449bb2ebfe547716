package io.samsa.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void everyCodeMatchesKafkaClientsByName() {
        for (ErrorCode error : ErrorCode.values()) {
            // Given Kafka's error of the same name
            Errors kafka = Errors.valueOf(error.name());
            // Then the wire code is the same
            assertThat(error.code()).as(error.name()).isEqualTo(kafka.code());
        }
    }

    @Test
    void unknownCodesReadAsUnknownServerError() {
        assertThat(ErrorCode.forCode((short) 35)).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(ErrorCode.forCode((short) 30000)).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(ErrorCode.forCode((short) -2)).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
    }
}

package io.samsa.core.coordinator.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.api.storage.StorageException;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The errors a transactional client gets when the coordinator could not write its state, as Kafka's transaction coordinator answers. */
class WriteErrorTest {
    @ParameterizedTest
    @CsvSource({
        "UNKNOWN_TOPIC_OR_PARTITION, COORDINATOR_NOT_AVAILABLE",
        "NOT_ENOUGH_REPLICAS, COORDINATOR_NOT_AVAILABLE",
        "NOT_ENOUGH_REPLICAS_AFTER_APPEND, COORDINATOR_NOT_AVAILABLE",
        "REQUEST_TIMED_OUT, COORDINATOR_NOT_AVAILABLE",
        "COORDINATOR_NOT_AVAILABLE, COORDINATOR_NOT_AVAILABLE",
        "NOT_LEADER_OR_FOLLOWER, NOT_COORDINATOR",
        "KAFKA_STORAGE_ERROR, NOT_COORDINATOR",
        "MESSAGE_TOO_LARGE, UNKNOWN_SERVER_ERROR",
        "RECORD_LIST_TOO_LARGE, UNKNOWN_SERVER_ERROR",
        "INVALID_PRODUCER_EPOCH, UNKNOWN_SERVER_ERROR",
    })
    void logErrorsAsKafkasTransactionCoordinatorAnswersThem(ErrorCode logError, ErrorCode clientError) {
        ApiErrorException failure = new ApiErrorException(logError, "write failed");
        assertThat(TransactionRuntime.writeError(failure)).isEqualTo(clientError);
        assertThat(TransactionRuntime.writeError(new CompletionException(failure))).isEqualTo(clientError);
    }

    @Test
    void aStorageFailureMeansNotCoordinatorAndAnythingElseUnknown() {
        assertThat(TransactionRuntime.writeError(new CompletionException(new StorageException("disk gone"))))
                .isEqualTo(ErrorCode.NOT_COORDINATOR);
        assertThat(TransactionRuntime.writeError(new IllegalStateException("bug")))
                .isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
    }
}

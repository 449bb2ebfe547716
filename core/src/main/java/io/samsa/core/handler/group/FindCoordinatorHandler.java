package io.samsa.core.handler.group;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.cluster.LocalBroker;
import io.samsa.core.coordinator.group.GroupCoordinator;
import io.samsa.core.coordinator.group.OffsetsTopic;
import io.samsa.core.coordinator.transaction.TransactionCoordinator;
import io.samsa.core.coordinator.transaction.TransactionStateTopic;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.FindCoordinatorRequestData;
import io.samsa.protocol.message.FindCoordinatorResponseData;
import io.samsa.protocol.message.FindCoordinatorResponseData.Coordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FindCoordinator: this broker coordinates every group and every transactional id. The
 * coordinator's internal topic ({@code __consumer_offsets} or {@code __transaction_state}) is
 * created on first use; should that fail the key gets COORDINATOR_NOT_AVAILABLE (clients retry).
 * Other key types are an INVALID_REQUEST. From v4 a request names several keys and each gets its
 * own answer.
 */
public final class FindCoordinatorHandler implements RequestHandler<FindCoordinatorRequestData, FindCoordinatorResponseData> {
    private static final Logger log = LoggerFactory.getLogger(FindCoordinatorHandler.class);
    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;
    /** Kafka's default messages, as FindCoordinator v1-3 carry them. */
    private static final String COORDINATOR_NOT_AVAILABLE_MESSAGE = "The coordinator is not available.";
    private static final String INVALID_REQUEST_MESSAGE = "This most likely occurs because of a request being malformed "
            + "by the client library or the message was sent to an incompatible broker. See the broker logs for more details.";

    private final LocalBroker localBroker;
    private final GroupCoordinator groups;
    private final TransactionCoordinator transactions;

    @Inject
    public FindCoordinatorHandler(LocalBroker localBroker, GroupCoordinator groups, TransactionCoordinator transactions) {
        this.localBroker = requireNonNull(localBroker, "localBroker is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 6);
    }

    @Override
    public CompletionStage<FindCoordinatorResponseData> handle(RequestContext context, FindCoordinatorRequestData request) {
        short version = context.apiVersion();
        boolean anyKey = version < 4 || !request.coordinatorKeys().isEmpty();
        // The coordinator's internal topic is created on first use, before the coordinator is named.
        CompletableFuture<Boolean> ready = CompletableFuture.completedFuture(true);
        if (anyKey && request.keyType() == GROUP) {
            ready = ready(groups.ensureReady(), OffsetsTopic.NAME);
        } else if (anyKey && request.keyType() == TRANSACTION) {
            ready = ready(transactions.ensureReady(), TransactionStateTopic.NAME);
        }
        return ready.thenApply(available -> {
            if (version < 4) {
                return single(version, answer(context, request.keyType(), request.key(), available));
            }
            List<Coordinator> coordinators = new ArrayList<>();
            for (String key : request.coordinatorKeys()) {
                coordinators.add(answer(context, request.keyType(), key, available));
            }
            return new FindCoordinatorResponseData().setCoordinators(coordinators);
        });
    }

    private static CompletableFuture<Boolean> ready(CompletionStage<Void> created, String topic) {
        return created.toCompletableFuture().handle((ignored, failure) -> {
            if (failure != null) {
                log.warn("Cannot create {}: {}", topic, failure.getMessage());
            }
            return failure == null;
        });
    }

    private Coordinator answer(RequestContext context, byte keyType, String key, boolean available) {
        Coordinator coordinator = new Coordinator().setKey(key);
        Optional<LocalBroker.BrokerEndpoint> endpoint = localBroker.endpoint(context.listenerName());
        if ((keyType == GROUP || keyType == TRANSACTION) && available && endpoint.isPresent()) {
            return coordinator.setNodeId(localBroker.nodeId())
                    .setHost(endpoint.get().host())
                    .setPort(endpoint.get().port())
                    .setErrorCode(ErrorCode.NONE.code())
                    .setErrorMessage("");
        }
        ErrorCode error = keyType == GROUP || keyType == TRANSACTION ? ErrorCode.COORDINATOR_NOT_AVAILABLE : ErrorCode.INVALID_REQUEST;
        return failed(coordinator, error, error == ErrorCode.INVALID_REQUEST ? INVALID_REQUEST_MESSAGE : COORDINATOR_NOT_AVAILABLE_MESSAGE);
    }

    private static Coordinator failed(Coordinator coordinator, ErrorCode error, String message) {
        return coordinator.setNodeId(-1).setHost("").setPort(-1).setErrorCode(error.code()).setErrorMessage(message);
    }

    /** v0-3 answer one key at the top level; v1-3 say "NONE" as the message of a success, as Kafka does. */
    private static FindCoordinatorResponseData single(short version, Coordinator answer) {
        FindCoordinatorResponseData response = new FindCoordinatorResponseData()
                .setErrorCode(answer.errorCode())
                .setNodeId(answer.nodeId())
                .setHost(answer.host())
                .setPort(answer.port());
        if (version >= 1) {
            response.setErrorMessage(answer.errorCode() == ErrorCode.NONE.code() ? "NONE" : answer.errorMessage());
        }
        return response;
    }

    @Override
    public FindCoordinatorResponseData errorResponse(
            RequestContext context, FindCoordinatorRequestData request, ErrorCode error, String message) {
        if (context.apiVersion() < 4) {
            return single(context.apiVersion(), failed(new Coordinator().setKey(request.key()), error, message));
        }
        List<Coordinator> coordinators = new ArrayList<>();
        request.coordinatorKeys().forEach(key -> coordinators.add(failed(new Coordinator().setKey(key), error, message)));
        return new FindCoordinatorResponseData().setCoordinators(coordinators);
    }
}

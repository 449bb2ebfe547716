package io.samsa.core.handler.transaction;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.transaction.TransactionCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.EndTxnRequestData;
import io.samsa.protocol.message.EndTxnResponseData;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * EndTxn: commits or aborts the producer's transaction; answered once the outcome is durable
 * (markers follow, as Kafka does for transaction version 1). Version 5 means transaction
 * version 2 (KIP-890 part 2: an epoch bump per transaction), which this broker does not serve:
 * it serves v0-4 and finalizes no {@code transaction.version}, so clients stay on version 1.
 */
public final class EndTxnHandler implements RequestHandler<EndTxnRequestData, EndTxnResponseData> {
    private final TransactionCoordinator coordinator;

    @Inject
    public EndTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.END_TXN;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 4);
    }

    @Override
    public CompletionStage<EndTxnResponseData> handle(RequestContext context, EndTxnRequestData request) {
        if (TransactionErrors.isInvalidId(request.transactionalId())) {
            return CompletableFuture.completedFuture(errorResponse(context, request, ErrorCode.INVALID_REQUEST, ""));
        }
        return coordinator.endTransaction(request.transactionalId(), request.producerId(), request.producerEpoch(),
                request.committed()).thenApply(error -> new EndTxnResponseData()
                        .setErrorCode(TransactionErrors.forVersion(error, context.apiVersion(), 2).code()));
    }

    @Override
    public EndTxnResponseData errorResponse(RequestContext context, EndTxnRequestData request, ErrorCode error,
            String message) {
        return new EndTxnResponseData().setErrorCode(error.code());
    }
}

package io.samsa.core.handler.producer;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.transaction.TransactionCoordinator;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.ProducerIdManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.InitProducerIdRequestData;
import io.samsa.protocol.message.InitProducerIdResponseData;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Gives a producer its id and epoch. An idempotent producer (no transactional id) gets a fresh id
 * at epoch 0 — also when it asks again with its old id and epoch (KIP-360), as in Kafka. A
 * transactional producer is served by the transaction coordinator (epoch bump, fencing of older
 * instances, abort of an open transaction).
 */
public final class InitProducerIdHandler implements RequestHandler<InitProducerIdRequestData, InitProducerIdResponseData> {
    private final ProducerIdManager producerIds;
    private final TransactionCoordinator transactions;

    @Inject
    public InitProducerIdHandler(ProducerIdManager producerIds, TransactionCoordinator transactions) {
        this.producerIds = requireNonNull(producerIds, "producerIds is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 5);
    }

    @Override
    public CompletionStage<InitProducerIdResponseData> handle(RequestContext context, InitProducerIdRequestData request) {
        String transactionalId = request.transactionalId();
        if (transactionalId == null) {
            return producerIds.allocate().thenApply(id -> new InitProducerIdResponseData()
                    .setErrorCode(ErrorCode.NONE.code())
                    .setProducerId(id)
                    .setProducerEpoch((short) 0));
        }
        boolean noProducerId = request.producerId() == -1;
        boolean noEpoch = request.producerEpoch() == -1;
        if (transactionalId.isEmpty() || noProducerId != noEpoch) {
            return CompletableFuture.completedFuture(errorResponse(context, request, ErrorCode.INVALID_REQUEST, ""));
        }
        return transactions.initProducerId(transactionalId, request.transactionTimeoutMs(), request.producerId(),
                request.producerEpoch()).thenApply(result -> new InitProducerIdResponseData()
                        // PRODUCER_FENCED exists from v4; older clients know it as INVALID_PRODUCER_EPOCH.
                        .setErrorCode((result.error() == ErrorCode.PRODUCER_FENCED && context.apiVersion() < 4
                                ? ErrorCode.INVALID_PRODUCER_EPOCH : result.error()).code())
                        .setProducerId(result.producerId())
                        .setProducerEpoch(result.producerEpoch()));
    }

    @Override
    public InitProducerIdResponseData errorResponse(
            RequestContext context, InitProducerIdRequestData request, ErrorCode error, String message) {
        return new InitProducerIdResponseData().setErrorCode(error.code()).setProducerId(-1).setProducerEpoch((short) -1);
    }
}

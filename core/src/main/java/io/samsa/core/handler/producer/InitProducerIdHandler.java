package io.samsa.core.handler.producer;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
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
 * Gives an idempotent producer its id (epoch 0). As in Kafka, a producer that asks again — also
 * with its old id and epoch (KIP-360) — gets a fresh id. Transactional ids are not served yet.
 */
public final class InitProducerIdHandler implements RequestHandler<InitProducerIdRequestData, InitProducerIdResponseData> {
    private final ProducerIdManager producerIds;

    @Inject
    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this.producerIds = requireNonNull(producerIds, "producerIds is null");
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
        if (request.transactionalId() != null) {
            return CompletableFuture.completedFuture(errorResponse(context, request, ErrorCode.COORDINATOR_NOT_AVAILABLE,
                    "Transactions are not available on this broker yet"));
        }
        return producerIds.allocate().thenApply(id -> new InitProducerIdResponseData()
                .setErrorCode(ErrorCode.NONE.code())
                .setProducerId(id)
                .setProducerEpoch((short) 0));
    }

    @Override
    public InitProducerIdResponseData errorResponse(
            RequestContext context, InitProducerIdRequestData request, ErrorCode error, String message) {
        return new InitProducerIdResponseData().setErrorCode(error.code()).setProducerId(-1).setProducerEpoch((short) -1);
    }
}

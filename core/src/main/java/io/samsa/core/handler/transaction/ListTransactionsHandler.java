package io.samsa.core.handler.transaction;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.coordinator.transaction.TransactionCoordinator;
import io.samsa.core.coordinator.transaction.TransactionMetadata;
import io.samsa.core.coordinator.transaction.TransactionState;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.ListTransactionsRequestData;
import io.samsa.protocol.message.ListTransactionsResponseData;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ListTransactions with Kafka's filters: states (names it does not know are reported back and
 * match nothing), producer ids, a minimum running time (v1+) and a transactional id regular
 * expression (v2+, INVALID_REGULAR_EXPRESSION when it does not compile). Each filter left empty
 * lets everything through.
 */
public final class ListTransactionsHandler
        implements RequestHandler<ListTransactionsRequestData, ListTransactionsResponseData> {
    private final TransactionCoordinator coordinator;

    @Inject
    public ListTransactionsHandler(TransactionCoordinator coordinator) {
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_TRANSACTIONS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(0, 2);
    }

    @Override
    public CompletionStage<ListTransactionsResponseData> handle(RequestContext context, ListTransactionsRequestData request) {
        Pattern pattern = null;
        String regex = request.transactionalIdPattern();
        if (regex != null && !regex.isEmpty()) {
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                return CompletableFuture.completedFuture(errorResponse(context, request, ErrorCode.INVALID_REGULAR_EXPRESSION,
                        e.getMessage()));
            }
        }
        List<String> unknownStates = new ArrayList<>();
        Set<TransactionState> states = EnumSet.noneOf(TransactionState.class);
        for (String name : request.stateFilters()) {
            TransactionState.byDisplayName(name)
                    .ifPresentOrElse(states::add, () -> unknownStates.add(name));
        }
        Set<Long> producerIds = new HashSet<>(request.producerIdFilters());
        long minDurationMs = request.durationFilter();
        long now = coordinator.now();
        Pattern idPattern = pattern;
        Predicate<TransactionMetadata> filter = metadata ->
                (producerIds.isEmpty() || producerIds.contains(metadata.producerId()))
                && (request.stateFilters().isEmpty() || states.contains(metadata.state()))
                && (minDurationMs < 0 || now - metadata.txnStartTimestamp() > minDurationMs)
                && (idPattern == null || idPattern.matcher(metadata.transactionalId()).matches());
        return coordinator.list(filter).thenApply(listed -> {
            List<ListTransactionsResponseData.TransactionState> transactions = new ArrayList<>();
            for (TransactionMetadata metadata : listed) {
                transactions.add(new ListTransactionsResponseData.TransactionState()
                        .setTransactionalId(metadata.transactionalId())
                        .setProducerId(metadata.producerId())
                        .setTransactionState(metadata.state().displayName()));
            }
            return new ListTransactionsResponseData().setErrorCode(ErrorCode.NONE.code())
                    .setUnknownStateFilters(unknownStates).setTransactionStates(transactions);
        });
    }

    @Override
    public ListTransactionsResponseData errorResponse(RequestContext context, ListTransactionsRequestData request,
            ErrorCode error, String message) {
        return new ListTransactionsResponseData().setErrorCode(error.code());
    }
}

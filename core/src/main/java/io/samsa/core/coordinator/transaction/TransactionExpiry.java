package io.samsa.core.coordinator.transaction;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's two periodic clean-ups, as Kafka runs them: every
 * {@code transaction.abort.timed.out.transaction.cleanup.interval.ms} it aborts transactions open
 * longer than their {@code transaction.timeout.ms} (bumping the epoch, so the producer that let
 * the transaction run out is fenced), and every
 * {@code transaction.remove.expired.transaction.cleanup.interval.ms} it removes transactional ids
 * idle for {@code transactional.id.expiration.ms} (a tombstone in {@code __transaction_state}).
 */
final class TransactionExpiry {
    private static final Logger log = LoggerFactory.getLogger(TransactionExpiry.class);
    private final TransactionRuntime runtime;
    private final TransactionCompleter completer;

    TransactionExpiry(TransactionRuntime runtime, TransactionCompleter completer) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.completer = requireNonNull(completer, "completer is null");
    }

    void schedule() {
        runtime.schedule(runtime.config.abortTimedOutIntervalMs(), this::abortTimedOut);
        runtime.schedule(runtime.config.removeExpiredIntervalMs(), this::removeExpired);
    }

    private void abortTimedOut() {
        long now = runtime.now();
        List<TransactionEntry> timedOut = runtime.entries.values().stream()
                .filter(entry -> !entry.hasPendingTransition())
                .filter(entry -> entry.current().state() == TransactionState.ONGOING)
                .filter(entry -> entry.current().txnStartTimestamp() + entry.current().timeoutMs() < now)
                .toList();
        for (TransactionEntry entry : timedOut) {
            TransactionMetadata current = entry.current();
            log.info("Aborting the transaction of {} (producer {}, epoch {}): open for {} ms, longer than its timeout {} ms",
                    current.transactionalId(), current.producerId(), current.producerEpoch(),
                    now - current.txnStartTimestamp(), current.timeoutMs());
            completer.fenceAndAbort(entry);
        }
        runtime.schedule(runtime.config.abortTimedOutIntervalMs(), this::abortTimedOut);
    }

    private void removeExpired() {
        long now = runtime.now();
        List<TransactionEntry> expired = runtime.entries.values().stream()
                .filter(entry -> !entry.hasPendingTransition())
                .filter(entry -> entry.current().state().isIdle())
                .filter(entry -> entry.current().updateTimestamp() + runtime.config.transactionalIdExpirationMs() <= now)
                .toList();
        for (TransactionEntry entry : expired) {
            TransactionMetadata current = entry.current();
            runtime.write(entry, current.dead(now)).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    log.warn("Cannot remove expired transactional id {}: {}", current.transactionalId(), failure.getMessage());
                } else {
                    log.info("Removed transactional id {}: idle for longer than {} ms", current.transactionalId(),
                            runtime.config.transactionalIdExpirationMs());
                }
            });
        }
        runtime.schedule(runtime.config.removeExpiredIntervalMs(), this::removeExpired);
    }
}

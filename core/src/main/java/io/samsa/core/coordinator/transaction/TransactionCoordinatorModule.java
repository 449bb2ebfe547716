package io.samsa.core.coordinator.transaction;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The transaction coordinator, the internal topic it keeps its state in, and how it writes markers. */
public final class TransactionCoordinatorModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(TransactionStateTopic.class).in(Scopes.SINGLETON);
        bind(TransactionMarkerWriter.class).to(LogTransactionMarkerWriter.class).in(Scopes.SINGLETON);
        bind(TransactionCoordinator.class).in(Scopes.SINGLETON);
        bind(TransactionVerifier.class).to(TransactionCoordinator.class);
    }
}

package io.samsa.core.purgatory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/** The timer wheel delayed operations wait on. */
public final class PurgatoryModule extends AbstractModule {
    @Provides
    @Singleton
    DelayTimer delayTimer() {
        return new DelayTimer();
    }
}

package io.samsa.core.dispatch;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import io.samsa.protocol.ApiKey;
import java.util.Map;

/** The dispatcher and the (initially empty) registry handlers add themselves to. */
public final class DispatchModule extends AbstractModule {
    @Override
    protected void configure() {
        handlers(binder());
        bind(RequestDispatcher.class).in(Scopes.SINGLETON);
        bind(OpenSlices.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    SupportedApis supportedApis(Map<ApiKey, RequestHandler<?, ?>> handlers) {
        return new SupportedApis(handlers);
    }

    /** The map binder every handler module registers into, keyed by the API it serves. */
    public static MapBinder<ApiKey, RequestHandler<?, ?>> handlers(com.google.inject.Binder binder) {
        return MapBinder.newMapBinder(binder, new TypeLiteral<ApiKey>() {}, new TypeLiteral<RequestHandler<?, ?>>() {});
    }
}

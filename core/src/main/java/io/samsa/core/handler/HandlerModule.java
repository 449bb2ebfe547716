package io.samsa.core.handler;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import io.samsa.core.dispatch.DispatchModule;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.handler.cluster.ApiVersionsHandler;
import io.samsa.core.handler.cluster.DescribeClusterHandler;
import io.samsa.core.handler.cluster.DescribeLogDirsHandler;
import io.samsa.core.handler.cluster.MetadataHandler;
import io.samsa.core.handler.config.AlterConfigsHandler;
import io.samsa.core.handler.config.DescribeConfigsHandler;
import io.samsa.core.handler.config.IncrementalAlterConfigsHandler;
import io.samsa.core.handler.fetch.FetchHandler;
import io.samsa.core.handler.fetch.ListOffsetsHandler;
import io.samsa.core.handler.fetch.OffsetForLeaderEpochHandler;
import io.samsa.core.handler.produce.ProduceHandler;
import io.samsa.core.handler.producer.InitProducerIdHandler;
import io.samsa.core.handler.topic.CreatePartitionsHandler;
import io.samsa.core.handler.topic.CreateTopicsHandler;
import io.samsa.core.handler.topic.DeleteRecordsHandler;
import io.samsa.core.handler.topic.DeleteTopicsHandler;
import io.samsa.protocol.ApiKey;

/** One line per API the broker serves; ApiVersions advertises exactly these. */
public final class HandlerModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<ApiKey, RequestHandler<?, ?>> handlers = DispatchModule.handlers(binder());
        register(handlers, ApiKey.API_VERSIONS, ApiVersionsHandler.class);
        register(handlers, ApiKey.METADATA, MetadataHandler.class);
        register(handlers, ApiKey.DESCRIBE_CLUSTER, DescribeClusterHandler.class);
        register(handlers, ApiKey.CREATE_TOPICS, CreateTopicsHandler.class);
        register(handlers, ApiKey.DELETE_TOPICS, DeleteTopicsHandler.class);
        register(handlers, ApiKey.PRODUCE, ProduceHandler.class);
        register(handlers, ApiKey.FETCH, FetchHandler.class);
        register(handlers, ApiKey.LIST_OFFSETS, ListOffsetsHandler.class);
        register(handlers, ApiKey.INIT_PRODUCER_ID, InitProducerIdHandler.class);
        register(handlers, ApiKey.DESCRIBE_CONFIGS, DescribeConfigsHandler.class);
        register(handlers, ApiKey.INCREMENTAL_ALTER_CONFIGS, IncrementalAlterConfigsHandler.class);
        register(handlers, ApiKey.ALTER_CONFIGS, AlterConfigsHandler.class);
        register(handlers, ApiKey.CREATE_PARTITIONS, CreatePartitionsHandler.class);
        register(handlers, ApiKey.DELETE_RECORDS, DeleteRecordsHandler.class);
        register(handlers, ApiKey.OFFSET_FOR_LEADER_EPOCH, OffsetForLeaderEpochHandler.class);
        register(handlers, ApiKey.DESCRIBE_LOG_DIRS, DescribeLogDirsHandler.class);
    }

    private void register(
            MapBinder<ApiKey, RequestHandler<?, ?>> handlers, ApiKey key, Class<? extends RequestHandler<?, ?>> handler) {
        bind(handler).in(Scopes.SINGLETON);
        handlers.addBinding(key).to(handler);
    }
}

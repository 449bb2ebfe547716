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
import io.samsa.core.handler.group.ConsumerGroupDescribeHandler;
import io.samsa.core.handler.group.ConsumerGroupHeartbeatHandler;
import io.samsa.core.handler.group.DeleteGroupsHandler;
import io.samsa.core.handler.group.DescribeGroupsHandler;
import io.samsa.core.handler.group.FindCoordinatorHandler;
import io.samsa.core.handler.group.HeartbeatHandler;
import io.samsa.core.handler.group.JoinGroupHandler;
import io.samsa.core.handler.group.LeaveGroupHandler;
import io.samsa.core.handler.group.ListGroupsHandler;
import io.samsa.core.handler.group.OffsetCommitHandler;
import io.samsa.core.handler.group.OffsetDeleteHandler;
import io.samsa.core.handler.group.OffsetFetchHandler;
import io.samsa.core.handler.group.SyncGroupHandler;
import io.samsa.core.handler.group.TxnOffsetCommitHandler;
import io.samsa.core.handler.produce.ProduceHandler;
import io.samsa.core.handler.producer.DescribeProducersHandler;
import io.samsa.core.handler.producer.InitProducerIdHandler;
import io.samsa.core.handler.topic.CreatePartitionsHandler;
import io.samsa.core.handler.topic.CreateTopicsHandler;
import io.samsa.core.handler.topic.DeleteRecordsHandler;
import io.samsa.core.handler.topic.DeleteTopicsHandler;
import io.samsa.core.handler.transaction.AddOffsetsToTxnHandler;
import io.samsa.core.handler.transaction.AddPartitionsToTxnHandler;
import io.samsa.core.handler.transaction.DescribeTransactionsHandler;
import io.samsa.core.handler.transaction.EndTxnHandler;
import io.samsa.core.handler.transaction.ListTransactionsHandler;
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
        register(handlers, ApiKey.DESCRIBE_PRODUCERS, DescribeProducersHandler.class);
        register(handlers, ApiKey.DESCRIBE_CONFIGS, DescribeConfigsHandler.class);
        register(handlers, ApiKey.INCREMENTAL_ALTER_CONFIGS, IncrementalAlterConfigsHandler.class);
        register(handlers, ApiKey.ALTER_CONFIGS, AlterConfigsHandler.class);
        register(handlers, ApiKey.CREATE_PARTITIONS, CreatePartitionsHandler.class);
        register(handlers, ApiKey.DELETE_RECORDS, DeleteRecordsHandler.class);
        register(handlers, ApiKey.OFFSET_FOR_LEADER_EPOCH, OffsetForLeaderEpochHandler.class);
        register(handlers, ApiKey.DESCRIBE_LOG_DIRS, DescribeLogDirsHandler.class);
        register(handlers, ApiKey.FIND_COORDINATOR, FindCoordinatorHandler.class);
        register(handlers, ApiKey.JOIN_GROUP, JoinGroupHandler.class);
        register(handlers, ApiKey.SYNC_GROUP, SyncGroupHandler.class);
        register(handlers, ApiKey.HEARTBEAT, HeartbeatHandler.class);
        register(handlers, ApiKey.LEAVE_GROUP, LeaveGroupHandler.class);
        register(handlers, ApiKey.OFFSET_COMMIT, OffsetCommitHandler.class);
        register(handlers, ApiKey.OFFSET_FETCH, OffsetFetchHandler.class);
        register(handlers, ApiKey.OFFSET_DELETE, OffsetDeleteHandler.class);
        register(handlers, ApiKey.TXN_OFFSET_COMMIT, TxnOffsetCommitHandler.class);
        register(handlers, ApiKey.DESCRIBE_GROUPS, DescribeGroupsHandler.class);
        register(handlers, ApiKey.LIST_GROUPS, ListGroupsHandler.class);
        register(handlers, ApiKey.DELETE_GROUPS, DeleteGroupsHandler.class);
        register(handlers, ApiKey.CONSUMER_GROUP_HEARTBEAT, ConsumerGroupHeartbeatHandler.class);
        register(handlers, ApiKey.CONSUMER_GROUP_DESCRIBE, ConsumerGroupDescribeHandler.class);
        register(handlers, ApiKey.ADD_PARTITIONS_TO_TXN, AddPartitionsToTxnHandler.class);
        register(handlers, ApiKey.ADD_OFFSETS_TO_TXN, AddOffsetsToTxnHandler.class);
        register(handlers, ApiKey.END_TXN, EndTxnHandler.class);
        register(handlers, ApiKey.DESCRIBE_TRANSACTIONS, DescribeTransactionsHandler.class);
        register(handlers, ApiKey.LIST_TRANSACTIONS, ListTransactionsHandler.class);
    }

    private void register(
            MapBinder<ApiKey, RequestHandler<?, ?>> handlers, ApiKey key, Class<? extends RequestHandler<?, ?>> handler) {
        bind(handler).in(Scopes.SINGLETON);
        handlers.addBinding(key).to(handler);
    }
}

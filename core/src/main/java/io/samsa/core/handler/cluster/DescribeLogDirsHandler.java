package io.samsa.core.handler.cluster;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.ServerConfig;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.log.Log;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicManager;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeLogDirsRequestData;
import io.samsa.protocol.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import io.samsa.protocol.message.DescribeLogDirsResponseData;
import io.samsa.protocol.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import io.samsa.protocol.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import io.samsa.protocol.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The broker's data directories ({@code log.dirs}) with the partitions they hold, each with its
 * size in storage and an offset lag of 0 (there are no future replicas), and from v4 the total and
 * usable bytes of each directory's file store. The storage SPI does not say which directory an
 * engine put a partition in, so every partition is listed under the first directory.
 */
public final class DescribeLogDirsHandler implements RequestHandler<DescribeLogDirsRequestData, DescribeLogDirsResponseData> {
    private static final long UNKNOWN_BYTES = -1;

    private final TopicManager topics;
    private final List<Path> logDirs;

    @Inject
    public DescribeLogDirsHandler(TopicManager topics, ServerConfig server) {
        this.topics = requireNonNull(topics, "topics is null");
        this.logDirs = server.logDirs().stream().map(dir -> dir.toAbsolutePath().normalize()).toList();
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_LOG_DIRS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(1, 5);
    }

    @Override
    public CompletionStage<DescribeLogDirsResponseData> handle(RequestContext context, DescribeLogDirsRequestData request) {
        boolean withSpace = context.apiVersion() >= 4;
        List<DescribeLogDirsTopic> held = partitions(request.topics());
        List<CompletableFuture<DescribeLogDirsResult>> results = new ArrayList<>();
        for (int i = 0; i < logDirs.size(); i++) {
            Path dir = logDirs.get(i);
            List<DescribeLogDirsTopic> inDir = i == 0 ? held : new ArrayList<>();
            DescribeLogDirsResult result = new DescribeLogDirsResult().setErrorCode(ErrorCode.NONE.code())
                    .setLogDir(dir.toString()).setTopics(inDir);
            if (!withSpace) {
                results.add(CompletableFuture.completedFuture(result));
                continue;
            }
            // Asking the file system may block (a network mount), so not on the event loop.
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    FileStore store = Files.getFileStore(dir);
                    return result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
                } catch (IOException | RuntimeException e) {
                    return result.setErrorCode(ErrorCode.KAFKA_STORAGE_ERROR.code())
                            .setTotalBytes(UNKNOWN_BYTES).setUsableBytes(UNKNOWN_BYTES);
                }
            }));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored ->
                new DescribeLogDirsResponseData().setErrorCode(ErrorCode.NONE.code())
                        .setResults(new ArrayList<>(results.stream().map(CompletableFuture::join).toList())));
    }

    /** The open partitions asked for (null: all), grouped by topic; partitions that do not exist are left out. */
    private List<DescribeLogDirsTopic> partitions(List<DescribableLogDirTopic> wanted) {
        Map<String, List<Integer>> selection = null;
        if (wanted != null) {
            selection = new HashMap<>();
            for (DescribableLogDirTopic topic : wanted) {
                selection.computeIfAbsent(topic.topic(), name -> new ArrayList<>()).addAll(topic.partitions());
            }
        }
        List<DescribeLogDirsTopic> result = new ArrayList<>();
        List<Topic> all = topics.registry().all().stream().sorted(Comparator.comparing(Topic::name)).toList();
        for (Topic topic : all) {
            List<Integer> indexes = selection == null ? null : selection.get(topic.name());
            if (selection != null && indexes == null) {
                continue;
            }
            List<DescribeLogDirsPartition> partitions = new ArrayList<>();
            for (int partition = 0; partition < topic.partitions(); partition++) {
                if (indexes != null && !indexes.contains(partition)) {
                    continue;
                }
                Optional<Log> log = topics.log(topic, partition);
                if (log.isPresent()) {
                    partitions.add(new DescribeLogDirsPartition().setPartitionIndex(partition)
                            .setPartitionSize(log.get().sizeInBytes()).setOffsetLag(0).setIsFutureKey(false));
                }
            }
            if (!partitions.isEmpty()) {
                result.add(new DescribeLogDirsTopic().setName(topic.name()).setPartitions(partitions));
            }
        }
        return result;
    }

    @Override
    public DescribeLogDirsResponseData errorResponse(
            RequestContext context, DescribeLogDirsRequestData request, ErrorCode error, String message) {
        return new DescribeLogDirsResponseData().setErrorCode(error.code()).setResults(new ArrayList<>());
    }
}

package io.samsa.core.handler.config;

import static io.samsa.core.handler.config.ConfigResources.BROKER;
import static io.samsa.core.handler.config.ConfigResources.BROKER_SYNONYMS;
import static io.samsa.core.handler.config.ConfigResources.DEFAULT_CONFIG;
import static io.samsa.core.handler.config.ConfigResources.DYNAMIC_TOPIC_CONFIG;
import static io.samsa.core.handler.config.ConfigResources.STATIC_BROKER_CONFIG;
import static io.samsa.core.handler.config.ConfigResources.TOPIC;
import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.BrokerSettings;
import io.samsa.core.config.BrokerSettings.Setting;
import io.samsa.core.config.LogConfig;
import io.samsa.core.config.ServerConfig;
import io.samsa.core.config.TopicConfig;
import io.samsa.core.dispatch.RequestContext;
import io.samsa.core.dispatch.RequestHandler;
import io.samsa.core.dispatch.VersionRange;
import io.samsa.core.partition.Topic;
import io.samsa.core.partition.TopicRegistry;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.message.DescribeConfigsRequestData;
import io.samsa.protocol.message.DescribeConfigsRequestData.DescribeConfigsResource;
import io.samsa.protocol.message.DescribeConfigsResponseData;
import io.samsa.protocol.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import io.samsa.protocol.message.DescribeConfigsResponseData.DescribeConfigsResult;
import io.samsa.protocol.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Describes the configuration of topics (every topic key Samsa knows: its override, else the
 * broker default) and of this broker (every broker key with its value). Sources and synonyms
 * follow Kafka: a topic override is DYNAMIC_TOPIC_CONFIG, a broker key set in server.properties
 * STATIC_BROKER_CONFIG, anything else DEFAULT_CONFIG. Samsa has no dynamic broker configuration,
 * so every broker key is read-only and the cluster-wide default resource (the empty name) is empty.
 */
public final class DescribeConfigsHandler implements RequestHandler<DescribeConfigsRequestData, DescribeConfigsResponseData> {
    private final TopicRegistry topics;
    private final LogConfig defaults;
    private final BrokerSettings settings;
    private final int nodeId;

    @Inject
    public DescribeConfigsHandler(TopicRegistry topics, LogConfig defaults, BrokerSettings settings, ServerConfig server) {
        this.topics = requireNonNull(topics, "topics is null");
        this.defaults = requireNonNull(defaults, "defaults is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.nodeId = server.nodeId();
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_CONFIGS;
    }

    @Override
    public VersionRange versions() {
        return VersionRange.of(1, 4);
    }

    @Override
    public CompletionStage<DescribeConfigsResponseData> handle(RequestContext context, DescribeConfigsRequestData request) {
        boolean documentation = context.apiVersion() >= 3 && request.includeDocumentation();
        List<DescribeConfigsResult> results = new ArrayList<>();
        for (DescribeConfigsResource resource : request.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName())
                    .setErrorCode(ErrorCode.NONE.code())
                    .setErrorMessage("")
                    .setConfigs(new ArrayList<>());
            try {
                result.setConfigs(describe(resource, request.includeSynonyms(), documentation));
            } catch (ApiErrorException e) {
                result.setErrorCode(e.error().code()).setErrorMessage(e.getMessage());
            }
            results.add(result);
        }
        return CompletableFuture.completedFuture(new DescribeConfigsResponseData().setResults(results));
    }

    private List<DescribeConfigsResourceResult> describe(DescribeConfigsResource resource, boolean synonyms, boolean docs) {
        List<String> wanted = resource.configurationKeys();
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        switch (resource.resourceType()) {
            case TOPIC -> {
                ConfigResources.invalidTopicName(resource.resourceName()).ifPresent(reason -> {
                    throw new ApiErrorException(ErrorCode.INVALID_TOPIC_EXCEPTION, reason);
                });
                Optional<Topic> topic = topics.byName(resource.resourceName());
                if (topic.isEmpty()) {
                    // Kafka reports an unknown topic without a message.
                    throw new ApiErrorException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "");
                }
                for (String name : TopicConfig.names()) {
                    if (wanted == null || wanted.contains(name)) {
                        entries.add(topicEntry(topic.get(), name, synonyms, docs));
                    }
                }
            }
            case BROKER -> {
                if (!ConfigResources.describedBroker(resource.resourceName(), nodeId)) {
                    return entries; // no cluster-wide dynamic defaults exist
                }
                for (Setting setting : settings.all()) {
                    if (wanted == null || wanted.contains(setting.name())) {
                        entries.add(brokerEntry(setting, synonyms, docs));
                    }
                }
            }
            default -> throw ConfigResources.unsupportedResourceType(resource.resourceType());
        }
        return entries;
    }

    private DescribeConfigsResourceResult topicEntry(Topic topic, String name, boolean includeSynonyms, boolean docs) {
        String override = topic.configs().get(name);
        List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
        if (override != null) {
            synonyms.add(synonym(name, override, DYNAMIC_TOPIC_CONFIG));
        }
        String brokerKey = BROKER_SYNONYMS.get(name);
        Optional<Setting> setting = settings.find(brokerKey);
        if (setting.isPresent()) {
            synonyms.addAll(brokerSynonyms(setting.get()));
        } else if (brokerKey != null) {
            // A broker key Samsa does not take (log.index.interval.bytes): its fixed default.
            synonyms.add(synonym(brokerKey, TopicConfig.defaultValue(name, defaults), DEFAULT_CONFIG));
        }
        return new DescribeConfigsResourceResult()
                .setName(name)
                .setValue(override != null ? override : TopicConfig.defaultValue(name, defaults))
                .setReadOnly(false)
                .setConfigSource(synonyms.isEmpty() ? DEFAULT_CONFIG : synonyms.getFirst().source())
                .setIsSensitive(false)
                .setSynonyms(includeSynonyms ? synonyms : new ArrayList<>())
                .setConfigType(ConfigResources.wireType(TopicConfig.type(name).orElseThrow()))
                .setDocumentation(docs ? TopicConfigDocs.of(name) : null);
    }

    private static DescribeConfigsResourceResult brokerEntry(Setting setting, boolean includeSynonyms, boolean docs) {
        return new DescribeConfigsResourceResult()
                .setName(setting.name())
                .setValue(setting.value())
                .setReadOnly(true)
                .setConfigSource(setting.explicitlySet() ? STATIC_BROKER_CONFIG : DEFAULT_CONFIG)
                .setIsSensitive(false)
                .setSynonyms(includeSynonyms ? brokerSynonyms(setting) : new ArrayList<>())
                .setConfigType(ConfigResources.wireType(setting.key().type()))
                .setDocumentation(docs ? setting.key().doc() : null);
    }

    /** A broker key's own synonyms, most specific first: its setting, then its default. */
    private static List<DescribeConfigsSynonym> brokerSynonyms(Setting setting) {
        List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
        if (setting.explicitlySet()) {
            synonyms.add(synonym(setting.name(), setting.value(), STATIC_BROKER_CONFIG));
        }
        if (setting.defaultValue() != null) {
            synonyms.add(synonym(setting.name(), setting.defaultValue(), DEFAULT_CONFIG));
        }
        return synonyms;
    }

    private static DescribeConfigsSynonym synonym(String name, String value, byte source) {
        return new DescribeConfigsSynonym().setName(name).setValue(value).setSource(source);
    }

    @Override
    public DescribeConfigsResponseData errorResponse(
            RequestContext context, DescribeConfigsRequestData request, ErrorCode error, String message) {
        List<DescribeConfigsResult> results = new ArrayList<>();
        request.resources().forEach(resource -> results.add(new DescribeConfigsResult()
                .setResourceType(resource.resourceType()).setResourceName(resource.resourceName())
                .setErrorCode(error.code()).setErrorMessage(message).setConfigs(new ArrayList<>())));
        return new DescribeConfigsResponseData().setResults(results);
    }
}

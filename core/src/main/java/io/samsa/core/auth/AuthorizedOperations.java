package io.samsa.core.auth;

/**
 * The authorized-operations bit sets Metadata and DescribeCluster report when a client asks for
 * them: bit N set means ACL operation code N is allowed. With no authorizer configured, Kafka
 * reports every operation that applies to the resource type, and so does Samsa.
 */
public final class AuthorizedOperations {
    /** Returned when the client did not ask (Kafka's sentinel). */
    public static final int NOT_REQUESTED = Integer.MIN_VALUE;

    // ACL operation codes, as on the wire.
    private static final int READ = 3;
    private static final int WRITE = 4;
    private static final int CREATE = 5;
    private static final int DELETE = 6;
    private static final int ALTER = 7;
    private static final int DESCRIBE = 8;
    private static final int CLUSTER_ACTION = 9;
    private static final int DESCRIBE_CONFIGS = 10;
    private static final int ALTER_CONFIGS = 11;
    private static final int IDEMPOTENT_WRITE = 12;

    private AuthorizedOperations() {}

    public static int allOnCluster() {
        return bits(CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE);
    }

    public static int allOnTopic() {
        return bits(READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS);
    }

    /** Kafka's operations on a group: read, describe, delete, describe and alter its configs. */
    public static int allOnGroup() {
        return bits(READ, DELETE, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS);
    }

    private static int bits(int... operations) {
        int set = 0;
        for (int operation : operations) {
            set |= 1 << operation;
        }
        return set;
    }
}

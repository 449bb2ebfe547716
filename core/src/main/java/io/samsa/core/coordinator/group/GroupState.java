package io.samsa.core.coordinator.group;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The states of a classic group, with the names Kafka reports in DescribeGroups and ListGroups.
 *
 * <pre>
 *   Empty ------join------> PreparingRebalance --all joined--> CompletingRebalance --leader syncs--> Stable
 *     ^                       ^        |                               |                               |
 *     |                       |        +-- no members left: Empty      +-- join/leave/expiry ----------+
 *     +------------------- (every state) --DeleteGroups--> Dead
 * </pre>
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String displayName;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    /** The name on the wire ("PreparingRebalance"). */
    public String displayName() {
        return displayName;
    }

    /** A state by its wire name, ignoring case (ListGroups' states filter). */
    public static Optional<GroupState> parse(String name) {
        for (GroupState state : values()) {
            if (state.displayName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** The states a group may come from to enter this one. */
    Set<GroupState> validPrevious() {
        return switch (this) {
            case EMPTY -> Set.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> Set.of(STABLE, COMPLETING_REBALANCE, EMPTY);
            case COMPLETING_REBALANCE -> Set.of(PREPARING_REBALANCE);
            case STABLE -> Set.of(COMPLETING_REBALANCE);
            case DEAD -> Set.of(STABLE, PREPARING_REBALANCE, COMPLETING_REBALANCE, EMPTY, DEAD);
        };
    }
}

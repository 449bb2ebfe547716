package io.samsa.core.coordinator.transaction;

import io.samsa.core.coordinator.group.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Records the markers asked for; they complete at once unless {@link #hold()} parks them. */
final class RecordingMarkerWriter implements TransactionMarkerWriter {
    record Marker(TopicPartition partition, long producerId, short producerEpoch, boolean commit) {}

    final List<Marker> written = new ArrayList<>();
    private final List<CompletableFuture<Void>> held = new ArrayList<>();
    private boolean holding;
    private RuntimeException failure;

    @Override
    public CompletionStage<Void> writeMarker(TopicPartition partition, long producerId, short producerEpoch,
            int coordinatorEpoch, boolean commit) {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        written.add(new Marker(partition, producerId, producerEpoch, commit));
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (holding) {
            held.add(done);
        } else {
            done.complete(null);
        }
        return done;
    }

    void hold() {
        holding = true;
    }

    void release() {
        holding = false;
        List<CompletableFuture<Void>> parked = new ArrayList<>(held);
        held.clear();
        parked.forEach(marker -> marker.complete(null));
    }

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }
}

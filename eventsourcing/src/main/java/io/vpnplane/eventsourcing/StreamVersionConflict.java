package io.vpnplane.eventsourcing;

/**
 * An append was made at an expected stream version that is no longer the stream's version:
 * somebody else wrote first. The REST layer answers 409, or 412 when the expected version
 * came from the client's {@code If-Match}.
 */
public final class StreamVersionConflict extends RuntimeException {

    private final String streamId;
    private final long expectedVersion;
    private final long actualVersion;

    public StreamVersionConflict(String streamId, long expectedVersion, long actualVersion) {
        super("stream " + streamId + " is at version " + actualVersion + ", not the expected " + expectedVersion);
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** A conflict found without reading the stream's version first ({@link EventStore#appendToEach}): versions are -1. */
    public StreamVersionConflict(String streamId, String why) {
        super("stream " + streamId + ": " + why);
        this.streamId = streamId;
        this.expectedVersion = -1;
        this.actualVersion = -1;
    }

    public String streamId() {
        return streamId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}

package se.nara.server.sync;

import java.time.Instant;
import java.util.List;
import se.nara.server.store.PageRow;

/**
 * One pull page as the server sends it: the wire shape of the SDK's {@code PullResponse}, with
 * each record's fields kept as the JSON text the server stored, so they are written out without
 * being parsed and serialised again.
 */
public record PullPage(
    List<PageRow> records,
    String nextCursor,
    boolean hasMore,
    long lastMutationId,
    Instant serverTime,
    List<String> purgePatientIds,
    long estimatedTotal) {}

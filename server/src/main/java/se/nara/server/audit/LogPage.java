package se.nara.server.audit;

import java.util.List;

/**
 * One page of a log review. {@code hasMore} says whether older entries match the same filters;
 * then {@code nextCursor} fetches them, otherwise it is null. A random sample is one page.
 */
public record LogPage(List<AuditView> entries, String nextCursor, boolean hasMore) {}

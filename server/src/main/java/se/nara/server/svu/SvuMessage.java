package se.nara.server.svu;

import java.time.Instant;

/**
 * One SVU message, as an integration posts it.
 *
 * @param type the message type (a {@code SvuTimeline.MessageType} name)
 * @param eventTime when the hospital's system recorded the event (for BERAKNAD_UTSKRIVNING: the
 *     estimated discharge time)
 */
public record SvuMessage(String episodeId, String type, Instant eventTime) {}

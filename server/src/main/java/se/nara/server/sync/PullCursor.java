package se.nara.server.sync;

import se.nara.server.ApiException;
import se.nara.server.store.RecordStore.ChangeAnchor;

/**
 * A pull cursor: the position in the change sequence a device has pulled up to, and the change
 * that held that position when the cursor was handed out ({@code seq.historyId.changedAt}).
 *
 * <p>Why the change: a server restored from an older backup has lost the changes after the
 * backup, and hands out their sequence numbers again to new ones. A cursor beyond the newest
 * change shows the loss only until the new changes pass it; from then on the device would pull
 * from the middle of the new changes and silently skip the first ones, keeping lost values as if
 * they were the server's. The change named in the cursor shows it for good: this server either
 * has that history entry with that time, or it has lost what the device saw.
 *
 * <p>Devices treat the text as opaque. A bare sequence number (cursors of earlier versions, and
 * positions whose record has no history chain) is still accepted, checked only against the newest
 * sequence number.
 */
record PullCursor(long seq, Long historyId, Long changedAt) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PullCursor.class);
  static final PullCursor START = new PullCursor(0, null, null);

  static PullCursor parse(String text) {
    if (text == null || text.isEmpty()) {
      return START;
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 1 && parts.length != 3) {
      throw notOurs(text);
    }
    try {
      long[] values = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        // ASCII digits only: Long.parseLong also reads signs and other scripts' digits (U+0663).
        if (parts[i].isEmpty() || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw notOurs(text);
        }
        values[i] = Long.parseLong(parts[i]);
      }
      if (parts.length == 1) {
        return new PullCursor(values[0], null, null);
      }
      // A handed-out anchor names a real change: its position and history entry count from 1.
      // Anything else (0.0.0) was made up, not lost by a restore.
      if (values[0] < 1 || values[1] < 1) {
        throw notOurs(text);
      }
      return new PullCursor(values[0], values[1], values[2]);
    } catch (NumberFormatException e) {
      throw notOurs(text);
    }
  }

  static PullCursor at(ChangeAnchor anchor) {
    return new PullCursor(anchor.seq(), anchor.historyId(), anchor.changedAt());
  }

  boolean anchored() {
    return historyId != null;
  }

  String text() {
    return anchored() ? seq + "." + historyId + "." + changedAt : Long.toString(seq);
  }

  private static ApiException notOurs(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    LOG.warn("refused a pull cursor this server never hands out: '{}'", shown.replaceAll("\\p{Cntrl}", "?"));
    return ApiException.invalid("cursor", "cursor is not one this server handed out");
  }
}

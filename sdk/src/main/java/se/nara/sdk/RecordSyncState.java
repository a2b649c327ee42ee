package se.nara.sdk;

/** Where a local record stands with the server. */
public enum RecordSyncState {
  /** Same as the server's copy (Synkad). */
  SYNCED,
  /** Has local changes waiting to be sent (Väntar på synk). */
  PENDING,
  /** The server refused a local change; it stays visible with the reason until the user acts (Avvisad). */
  REJECTED,
  /** A concurrent change clashed; a conflict record awaits review (I konflikt). */
  CONFLICT
}

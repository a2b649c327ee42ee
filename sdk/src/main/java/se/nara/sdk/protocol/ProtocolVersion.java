package se.nara.sdk.protocol;

/** The protocol version this SDK speaks, and where it travels on the wire. */
public final class ProtocolVersion {
  /** The request header that carries the protocol version. Required on every API request. */
  public static final String HEADER = "Nara-Protocol-Version";

  /** The only version spoken today. */
  public static final int CURRENT = 1;

  private ProtocolVersion() {}

  /** Whether a server speaking {@link #CURRENT} accepts requests of {@code version}. */
  public static boolean isSupported(int version) {
    return version == CURRENT;
  }
}

package se.nara.server.sync;

import se.nara.sdk.protocol.ErrorCode;

/** Ends the processing of one mutation with a recorded rejection; the batch continues. */
final class Rejection extends Exception {
  private final ErrorCode code;

  Rejection(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  ErrorCode code() {
    return code;
  }
}

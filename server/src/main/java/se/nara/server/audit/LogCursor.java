package se.nara.server.audit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.nara.server.ApiException;
import se.nara.server.store.AuditStore.Position;

/**
 * The log review's page cursor: the order key of the last entry a page showed, as one opaque
 * token. Base64url, so that any id the log holds travels back unchanged in a query string, and so
 * that a reviewer's tool has no reason to build one by hand.
 */
final class LogCursor {
  /** Far longer than any cursor the server hands out (15 digits, a dot, a 36-character id). */
  private static final int MAX_LENGTH = 100;
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");
  private static final Pattern KEY = Pattern.compile("([0-9]{1,15})\\.([^\\p{Cntrl}]{1,36})");
  private static final String HOW = "cursor must be a nextCursor from an earlier page of the log review";

  private LogCursor() {}

  static String encode(Position position) {
    byte[] key = (position.receivedAt() + "." + position.id()).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** The position {@code token} names; VALIDATION_FAILED naming {@code cursor} if it is not one the server made. */
  static Position decode(String token) {
    if (!TOKEN.matcher(token).matches()) {
      throw ApiException.invalid("cursor", HOW);
    }
    String key;
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(token);
      key = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw ApiException.invalid("cursor", HOW);
    }
    Matcher m = KEY.matcher(key);
    if (!m.matches()) {
      throw ApiException.invalid("cursor", HOW);
    }
    Position position = new Position(Long.parseLong(m.group(1)), m.group(2));
    // Base64 has several spellings of some byte strings (unused low bits of the last character);
    // only the server's own is a cursor, so a token is exactly one position.
    if (!encode(position).equals(token)) {
      throw ApiException.invalid("cursor", HOW);
    }
    return position;
  }
}

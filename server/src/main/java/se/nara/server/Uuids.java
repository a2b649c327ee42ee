package se.nara.server;

import java.util.regex.Pattern;

/**
 * The one form of identifier the server accepts: a UUID in its canonical text form, lower-case
 * hexadecimal digits in groups of 8-4-4-4-12 (as {@link java.util.UUID#toString()} writes it, and
 * as the SDK makes them). Ids are compared as text, in SQL and in the rules, so the upper-case form
 * of an id would be another id: a CREATE with it made a second record. Any other form is refused
 * where it comes in, as the client's mistake, never silently folded into an existing id.
 */
public final class Uuids {
  private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern ANY_CASE =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** What an accepted id looks like, for error messages. */
  public static final String FORM = "a UUID in lower case, e.g. 6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c";

  private Uuids() {}

  /** Whether {@code value} is a UUID in its canonical (lower-case) form. */
  public static boolean isUuid(String value) {
    return value != null && CANONICAL.matcher(value).matches();
  }

  /** Whether {@code value} is a UUID in another case than the canonical one. */
  public static boolean isNonCanonicalUuid(String value) {
    return value != null && !isUuid(value) && ANY_CASE.matcher(value).matches();
  }
}

package se.nara.sdk.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The record fields only the server writes: a push that changes one is refused with {@code
 * INVALID_FIELD} ("cannot be set from a device"); a new record may carry one only at its "not yet
 * set" value (null, 0, {@code NOT_REVIEWED}). The SDK never sends them in an update, so a model's
 * value for such a field (a review field the app has no reason to touch, a {@code long} that
 * defaults to 0 where the record has none) cannot make a save refused.
 *
 * <ul>
 *   <li>a visit's review fields ({@code reviewState}, {@code reviewedBy}, {@code reviewedAt},
 *       {@code reviewedVersion}, {@code reviewNote}): a team leader's review sets them;
 *   <li>{@code amendsId} of a visit or a plan: the server links an amendment to the signed record;
 *   <li>a care episode's SVU times, the flag derived from them and {@code status}: they come from
 *       the SVU messages.
 * </ul>
 *
 * <p>The server's own rules ({@code FieldPolicy} on the server) are checked against this list by
 * a server test, so the two cannot drift apart.
 */
public final class ServerOwnedFields {
  private ServerOwnedFields() {}

  /** A visit's review fields, set by a team leader's review. */
  public static final Set<String> REVIEW_FIELDS =
      set("reviewState", "reviewedBy", "reviewedAt", "reviewedVersion", "reviewNote");

  /**
   * A care episode's SVU times, from the messages of the hospital's systems, and the deadline flag
   * the server derives from them ({@code inskrivningsmeddelandeLate}).
   */
  public static final Set<String> SVU_TIMES =
      set("inskrivenAt", "insatsbehovBedomtAt", "inskrivningsmeddelandeLate", "inskrivningsmeddelandeAt", "beraknadUtskrivningAt", "utskrivningsklarAt", "ejLangreUtskrivningsklarAt",
          "utskrivenAt", "sipKallelseAt", "sipHeldAt", "sipNeededAt", "sipNotNeededAt");

  private static final Map<EntityType, Set<String>> BY_TYPE = new EnumMap<>(EntityType.class);

  static {
    Set<String> visit = new HashSet<>(REVIEW_FIELDS);
    visit.add("amendsId");
    BY_TYPE.put(EntityType.VISIT, Collections.unmodifiableSet(visit));
    BY_TYPE.put(EntityType.PLAN, set("amendsId"));
    Set<String> episode = new HashSet<>(SVU_TIMES);
    episode.add("status");
    BY_TYPE.put(EntityType.CARE_EPISODE, Collections.unmodifiableSet(episode));
  }

  /** The fields of {@code type} only the server writes (empty when there are none). */
  public static Set<String> of(EntityType type) {
    Set<String> fields = BY_TYPE.get(type);
    return fields == null ? Collections.<String>emptySet() : fields;
  }

  /** Whether only the server writes {@code field} of {@code type}. */
  public static boolean isServerOwned(EntityType type, String field) {
    return of(type).contains(field);
  }

  private static Set<String> set(String... names) {
    return Collections.unmodifiableSet(new HashSet<>(Arrays.asList(names)));
  }
}

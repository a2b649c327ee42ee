package se.nara.server.rules;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Set;
import se.nara.sdk.protocol.EntityType;

/**
 * Everything a merge decision depends on, and nothing else.
 *
 * @param current the record's fields on the server now
 * @param changedByOthers fields others changed after the device's base version
 * @param incoming the fields the device changed, with its values
 * @param deviceAuthor how to attribute the device's text (the staff member's name)
 * @param deviceTime when the device made the change, for attribution only
 */
public record MergeInput(
    EntityType type,
    JsonObject current,
    Set<String> changedByOthers,
    JsonObject incoming,
    String deviceAuthor,
    Instant deviceTime) {}

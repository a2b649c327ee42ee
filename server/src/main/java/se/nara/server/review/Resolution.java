package se.nara.server.review;

import com.google.gson.JsonObject;

/**
 * A team leader's decision on a conflict.
 *
 * @param choice KEEP_SERVER (the value the rule kept stands), TAKE_DEVICE (the device's value
 *     replaces it) or EDIT (a new value for the conflict's fields, given in {@code value})
 * @param value the edited values, for EDIT only
 * @param note why, for the record
 */
public record Resolution(String choice, JsonObject value, String note) {}

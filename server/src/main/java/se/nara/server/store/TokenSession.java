package se.nara.server.store;

/**
 * What a valid bearer token stands for, with the state of its device and account read in the same
 * query: every API call starts here, so it is one lookup, not three.
 *
 * @param deviceKnown false if the token's device row is missing
 * @param deviceRevoked true once the device was reported lost or stolen
 * @param accountActive false if the account is missing or deactivated
 * @param expiresAt when the token expires, epoch milliseconds
 */
public record TokenSession(
    String staffId,
    String deviceId,
    boolean deviceKnown,
    boolean deviceRevoked,
    boolean accountActive,
    String name,
    String profession,
    long expiresAt) {}

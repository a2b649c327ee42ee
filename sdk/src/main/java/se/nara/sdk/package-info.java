/**
 * The Nära SDK: an offline-first client for home-care tablets.
 *
 * <p>Start with {@link se.nara.sdk.NaraClient}. Everything an app calls is in this package and in
 * {@code se.nara.sdk.model} (the domain values) and {@code se.nara.sdk.protocol} (the wire
 * types). Packages under {@code se.nara.sdk.internal} are implementation details with no
 * compatibility promise.
 */
package se.nara.sdk;

/**
 * The Nära sync protocol, version 1: the wire types that the SDK and the server share.
 *
 * <p>Every request carries {@link se.nara.sdk.protocol.ProtocolVersion#HEADER}; see
 * {@code docs/protocol.md} for the full description. These types are stable API: a change that
 * is not backwards compatible needs a new protocol version.
 */
package se.nara.sdk.protocol;

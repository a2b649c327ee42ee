/**
 * Internal: no compatibility promise; may change or disappear in any release. Apps use
 * {@code se.nara.sdk} only.
 */
package se.nara.sdk.internal.store;

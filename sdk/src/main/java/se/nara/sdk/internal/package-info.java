/**
 * Implementation details of the SDK. Not API: anything here may change or disappear in any
 * release without notice. Apps must not use these types.
 */
package se.nara.sdk.internal;

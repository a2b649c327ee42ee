/** Identity: password hashing, bearer tokens, device registration, the request principal. */
package se.nara.server.auth;

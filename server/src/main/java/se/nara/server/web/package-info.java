/**
 * The HTTP edge: Javalin routes, request preconditions and the one place where errors become
 * JSON. Handlers parse, call an application service and write the answer; no rules, no SQL.
 */
package se.nara.server.web;

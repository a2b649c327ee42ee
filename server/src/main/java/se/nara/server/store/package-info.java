/**
 * Storage: the only package that speaks SQL. One class per store, each with its SQL in one
 * place. Stores take a Jdbi {@code Handle} so that the application service decides the
 * transaction boundaries (a push is one write transaction, a pull page one read snapshot).
 */
package se.nara.server.store;

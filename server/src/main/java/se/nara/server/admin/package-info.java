/**
 * Administration: devices (revocation of a lost tablet), care relationships and spärrar. An
 * application service: called by the web layer, uses the stores.
 */
package se.nara.server.admin;

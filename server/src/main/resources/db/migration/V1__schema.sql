-- Nära server schema, version 1.
-- Portable SQL: runs on SQLite (default) and is meant to run unchanged on PostgreSQL.
-- Times are epoch milliseconds (UTC) in BIGINT columns: portable, compact and ordered.

-- Staff login accounts. The staff member's profile is also a synced `staff` record.
CREATE TABLE staff_accounts (
    staff_id        VARCHAR(36)  NOT NULL PRIMARY KEY,
    username        VARCHAR(64)  NOT NULL UNIQUE,
    password_hash   VARCHAR(255) NOT NULL,
    name            VARCHAR(200) NOT NULL,
    profession      VARCHAR(40)  NOT NULL,
    active          BOOLEAN      NOT NULL,
    failed_logins   INTEGER      NOT NULL DEFAULT 0,
    locked_until    BIGINT
);

CREATE TABLE team_members (
    staff_id VARCHAR(36) NOT NULL,
    team_id  VARCHAR(36) NOT NULL,
    PRIMARY KEY (staff_id, team_id)
);

-- Which teams care for which patients. Scope for every pull, push and read.
CREATE TABLE care_relationships (
    patient_id VARCHAR(36) NOT NULL,
    team_id    VARCHAR(36) NOT NULL,
    started_at BIGINT      NOT NULL,
    ended_at   BIGINT,
    PRIMARY KEY (patient_id, team_id)
);
CREATE INDEX care_relationships_team ON care_relationships (team_id, patient_id);

-- Registered devices. last_mutation_id is the exactly-once counter of the push protocol.
CREATE TABLE devices (
    device_id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    staff_id          VARCHAR(36)  NOT NULL,
    name              VARCHAR(200),
    registered_at     BIGINT       NOT NULL,
    last_seen_at      BIGINT,
    last_sync_at      BIGINT,
    last_mutation_id  BIGINT       NOT NULL DEFAULT 0,
    outbox_depth      INTEGER,
    oldest_pending_at BIGINT,
    revoked_at        BIGINT
);

-- Bearer tokens, stored only as SHA-256 hashes.
CREATE TABLE tokens (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    staff_id   VARCHAR(36) NOT NULL,
    device_id  VARCHAR(36) NOT NULL,
    issued_at  BIGINT      NOT NULL,
    expires_at BIGINT      NOT NULL,
    revoked_at BIGINT
);

-- The current state of every synced entity. seq is taken inside the write transaction
-- (BEGIN IMMEDIATE on SQLite), so it follows commit order and a pull cursor never skips a row.
CREATE TABLE records (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    entity_type VARCHAR(40) NOT NULL,
    patient_id  VARCHAR(36),
    version     BIGINT      NOT NULL,
    seq         BIGINT      NOT NULL,
    tombstone   BOOLEAN     NOT NULL,
    data        TEXT        NOT NULL,
    created_at  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL,
    updated_by  VARCHAR(36),
    device_id   VARCHAR(36)
);
CREATE UNIQUE INDEX records_seq ON records (seq);
CREATE INDEX records_patient ON records (patient_id, entity_type);
CREATE INDEX records_type ON records (entity_type, seq);

-- Every accepted change, field by field: the history that field-level conflict detection reads
-- and that keeps every value ever written.
CREATE TABLE record_history (
    record_id     VARCHAR(36)  NOT NULL,
    version       BIGINT       NOT NULL,
    entity_type   VARCHAR(40)  NOT NULL,
    op            VARCHAR(20)  NOT NULL,
    changes       TEXT         NOT NULL,
    changed_at    BIGINT       NOT NULL,
    changed_by    VARCHAR(36),
    device_id     VARCHAR(36),
    mutation_id   BIGINT,
    reason        VARCHAR(2000),
    PRIMARY KEY (record_id, version)
);

-- One row per received mutation: the exactly-once record, and the answer a replay gets again.
CREATE TABLE mutation_log (
    device_id    VARCHAR(36)  NOT NULL,
    mutation_id  BIGINT       NOT NULL,
    status       VARCHAR(20)  NOT NULL,
    entity_type  VARCHAR(40),
    entity_id    VARCHAR(64),
    version      BIGINT       NOT NULL,
    code         VARCHAR(40),
    message      VARCHAR(2000),
    conflict_ids TEXT,
    received_at  BIGINT       NOT NULL,
    staff_id     VARCHAR(36)  NOT NULL,
    PRIMARY KEY (device_id, mutation_id)
);

-- PDL access log: who did what to which patient's data, when, from which device and team.
CREATE TABLE audit_log (
    id                 VARCHAR(36)  NOT NULL PRIMARY KEY,
    received_at        BIGINT       NOT NULL,
    occurred_at_device BIGINT,
    staff_id           VARCHAR(36),
    patient_id         VARCHAR(36),
    team_id            VARCHAR(36),
    device_id          VARCHAR(36),
    action             VARCHAR(30)  NOT NULL,
    resource_type      VARCHAR(40),
    resource_id        VARCHAR(64),
    outcome            VARCHAR(40)  NOT NULL,
    detail             VARCHAR(2000)
);
CREATE INDEX audit_log_patient ON audit_log (patient_id, received_at);
CREATE INDEX audit_log_staff ON audit_log (staff_id, received_at);

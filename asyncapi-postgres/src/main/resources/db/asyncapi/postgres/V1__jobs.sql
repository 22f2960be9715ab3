-- asyncapi-postgres, schema version 1: the jobs table and its indexes.
--
-- ${schema} and ${prefix} are placeholders (Flyway's and Liquibase's syntax): the schema that holds the tables
-- (default public) and the prefix of every name (default asyncapi_). PostgresJobStore renders and applies this file
-- itself unless built with createSchema(false); see docs/postgres.md to run it with your own migrations.
-- Needs PostgreSQL 12 or newer (a stored generated column).

CREATE SEQUENCE "${schema}"."${prefix}jobs_version";

CREATE TABLE "${schema}"."${prefix}jobs" (
    id               text        NOT NULL,
    type             text        NOT NULL,
    status           text        NOT NULL,
    input            text        NOT NULL,
    progress         text,
    output           text,
    failure_code     text,
    failure_message  text,
    owner            text,
    idempotency_key  text,
    -- sha-256 of (owner, key): unique per owner and key whatever their length, null owners included
    idempotency_hash bytea,
    attempt          integer     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    not_before       timestamptz NOT NULL,
    lease_owner      text,
    lease_expires_at timestamptz,
    -- the W3C trace context of the submit (headers traceparent and tracestate), continued by every run
    trace_parent     text,
    trace_state      text,
    -- the completion callback the submitter asked for: its URL, delivery state (WAITING, DUE, DELIVERED, ABANDONED),
    -- attempts recorded, and when its delivery is next due (set exactly while DUE)
    callback_url      text,
    callback_state    text,
    callback_attempts integer     NOT NULL DEFAULT 0,
    callback_due_at   timestamptz,
    -- when a worker may claim the job: not_before while Pending, the lease expiry while Running, null once finished
    due_at           timestamptz GENERATED ALWAYS AS (
                         CASE status WHEN 'Pending' THEN not_before WHEN 'Running' THEN lease_expires_at END) STORED,
    -- compare-and-set: every write takes a new number from the sequence, unique for the table's life
    version          bigint      NOT NULL DEFAULT nextval('"${schema}"."${prefix}jobs_version"'),
    -- random per write: a write retried after a lost answer recognises itself
    write_token      uuid        NOT NULL,
    CONSTRAINT "${prefix}jobs_pkey" PRIMARY KEY (id),
    CONSTRAINT "${prefix}jobs_status_check"
        CHECK (status IN ('Pending', 'Running', 'Completed', 'Failed', 'Terminated'))
);

ALTER SEQUENCE "${schema}"."${prefix}jobs_version" OWNED BY "${schema}"."${prefix}jobs".version;

-- Due work only: finished jobs never enter this index, so finding due work costs the same with a million of them.
CREATE INDEX "${prefix}jobs_due" ON "${schema}"."${prefix}jobs" (type, due_at, id)
    WHERE status IN ('Pending', 'Running');

-- Due callback deliveries only: delivered ones and jobs without a callback never enter this index.
CREATE INDEX "${prefix}jobs_deliveries_due" ON "${schema}"."${prefix}jobs" (callback_due_at, id)
    WHERE callback_due_at IS NOT NULL;

CREATE UNIQUE INDEX "${prefix}jobs_idempotency" ON "${schema}"."${prefix}jobs" (idempotency_hash)
    WHERE idempotency_hash IS NOT NULL;

-- Query pages, in (created_at, id) order.
CREATE INDEX "${prefix}jobs_created" ON "${schema}"."${prefix}jobs" (created_at, id);

-- Purge: finished jobs by when they finished.
CREATE INDEX "${prefix}jobs_finished" ON "${schema}"."${prefix}jobs" (finished_at)
    WHERE status IN ('Completed', 'Failed', 'Terminated');

-- No trigger: the store announces its writes on the channel '<schema>.<prefix>jobs' itself, after they commit and
-- outside their transactions (a transaction that notifies holds a database-wide lock until its commit is flushed,
-- which would put every writer in one line); see docs/postgres.md.

-- asyncapi-postgres, schema version 1: the jobs table, its indexes and the change-feed trigger.
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

CREATE UNIQUE INDEX "${prefix}jobs_idempotency" ON "${schema}"."${prefix}jobs" (idempotency_hash)
    WHERE idempotency_hash IS NOT NULL;

-- Query pages, in (created_at, id) order.
CREATE INDEX "${prefix}jobs_created" ON "${schema}"."${prefix}jobs" (created_at, id);

-- Purge: finished jobs by when they finished.
CREATE INDEX "${prefix}jobs_finished" ON "${schema}"."${prefix}jobs" (finished_at)
    WHERE status IN ('Completed', 'Failed', 'Terminated');

-- The change feed notifies channel '<schema>.<table>' when another instance has something to do at once: a write
-- that leaves the job Pending and already due (not_before at or before its updated_at: a create, a release, a retry
-- without delay) sends '<id> <type>', which wakes the engines that run that type; a job's end (Completed, Failed or
-- Terminated) and a delete send '<id>', which wakes its awaits and streams. Claims, lease renewals and progress do
-- not notify: a notifying commit takes a database-wide lock until it is flushed, so each one costs every writer;
-- other instances see those changes at their poll interval.
CREATE FUNCTION "${schema}"."${prefix}jobs_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify(TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, OLD.id);
        RETURN OLD;
    END IF;
    IF NEW.status = 'Pending' AND NEW.not_before <= NEW.updated_at
            AND (TG_OP = 'INSERT' OR OLD.status <> 'Pending' OR OLD.not_before <> NEW.not_before)
            -- a notification's payload holds at most 8000 bytes
            AND octet_length(NEW.type) <= 7000 THEN
        PERFORM pg_notify(TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, NEW.id || ' ' || NEW.type);
    ELSIF NEW.status IN ('Completed', 'Failed', 'Terminated')
            AND (TG_OP = 'INSERT' OR OLD.status NOT IN ('Completed', 'Failed', 'Terminated')) THEN
        PERFORM pg_notify(TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, NEW.id);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "${prefix}jobs_notify" AFTER INSERT OR UPDATE OR DELETE ON "${schema}"."${prefix}jobs"
    FOR EACH ROW EXECUTE FUNCTION "${schema}"."${prefix}jobs_notify"();

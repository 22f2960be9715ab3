package dev.asyncapi.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of the store's database objects for one schema and prefix, and the versioned SQL files that create
 * them ({@code db/asyncapi/postgres/V<n>__<name>.sql}, with {@code ${schema}} and {@code ${prefix}} placeholders).
 */
final class Schema {

    private static final System.Logger LOG = System.getLogger(PostgresJobStore.class.getName());

    /** One versioned SQL file. */
    record Migration(int version, String description, String resource) {
    }

    /** Every migration, in order; the last one's version is the schema version this code needs. */
    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "jobs", "V1__jobs.sql"));

    static final String RESOURCE_FOLDER = "/db/asyncapi/postgres/";

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern PREFIX = Pattern.compile("([a-z_][a-z0-9_]*)?");
    /** PostgreSQL truncates identifiers, and refuses channel names, longer than 63 bytes. */
    private static final int MAX_NAME = 63;
    /** The longest name derived from the prefix. */
    private static final String LONGEST_SUFFIX = "jobs_idempotency";

    private final String schema;
    private final String prefix;

    Schema(String schema, String prefix) {
        this.schema = checkSchema(schema);
        this.prefix = checkPrefix(prefix);
        String channel = channel();
        if (channel.length() > MAX_NAME) {
            throw new IllegalArgumentException("schema and tablePrefix are too long together: the change-feed channel '"
                    + channel + "' has " + channel.length() + " characters, PostgreSQL allows " + MAX_NAME);
        }
    }

    static String checkSchema(String schema) {
        Objects.requireNonNull(schema, "schema cannot be null");
        if (!SCHEMA.matcher(schema).matches() || schema.length() > MAX_NAME) {
            throw new IllegalArgumentException("schema must be 1 to " + MAX_NAME + " characters of a-z 0-9 _, not "
                    + "starting with a digit, but was '" + schema + "'");
        }
        return schema;
    }

    static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "tablePrefix cannot be null");
        int max = MAX_NAME - LONGEST_SUFFIX.length();
        if (!PREFIX.matcher(prefix).matches() || prefix.length() > max) {
            throw new IllegalArgumentException("tablePrefix must be 0 to " + max + " characters of a-z 0-9 _, not "
                    + "starting with a digit, but was '" + prefix + "'");
        }
        return prefix;
    }

    String schema() {
        return schema;
    }

    String prefix() {
        return prefix;
    }

    /** The jobs table, quoted and qualified. */
    String jobs() {
        return quoted(prefix + "jobs");
    }

    /** The version sequence as a text literal for {@code nextval}. */
    String versionSequenceLiteral() {
        return "'" + quoted(prefix + "jobs_version") + "'";
    }

    String versionTable() {
        return quoted(prefix + "schema_version");
    }

    /** The unqualified names of the indexes. */
    String dueIndex() {
        return prefix + "jobs_due";
    }

    String primaryKey() {
        return prefix + "jobs_pkey";
    }

    String idempotencyIndex() {
        return prefix + "jobs_idempotency";
    }

    /** The NOTIFY channel: {@code <schema>.<prefix>jobs}. */
    String channel() {
        return schema + "." + prefix + "jobs";
    }

    private String quoted(String name) {
        return "\"" + schema + "\".\"" + name + "\"";
    }

    /** Every migration rendered for this schema and prefix, in order. */
    String script() {
        StringBuilder sql = new StringBuilder();
        for (Migration m : MIGRATIONS) {
            sql.append(render(m)).append('\n');
        }
        return sql.toString();
    }

    String render(Migration migration) {
        return read(migration).replace("${schema}", schema).replace("${prefix}", prefix);
    }

    private static String read(Migration migration) {
        String path = RESOURCE_FOLDER + migration.resource();
        try (InputStream in = Schema.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the migration " + path + " is missing from the asyncapi-postgres jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migration " + path, e);
        }
    }

    /**
     * Brings the schema to the latest version in one transaction, under a transaction-scoped advisory lock keyed
     * by schema and prefix, so instances starting at once apply each migration exactly once: the others wait for
     * the lock, then find the versions recorded.
     *
     * @return the versions applied by this call
     */
    List<Integer> migrate(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        List<Integer> applied = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + lockKey() + ")");
            // checked first: CREATE ... IF NOT EXISTS still needs the privilege to create
            if (!exists(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", schema)) {
                s.execute("CREATE SCHEMA \"" + schema + "\"");
            }
            if (!exists(c, "SELECT 1 WHERE to_regclass(?) IS NOT NULL", versionTable())) {
                s.execute("CREATE TABLE " + versionTable() + " (version integer PRIMARY KEY, description text NOT NULL,"
                        + " installed_at timestamptz NOT NULL DEFAULT now())");
            }
            int current;
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + versionTable())) {
                rs.next();
                current = rs.getInt(1);
            }
            for (Migration m : MIGRATIONS) {
                if (m.version() <= current) {
                    continue;
                }
                s.execute(render(m));
                try (PreparedStatement record = c.prepareStatement("INSERT INTO " + versionTable()
                        + " (version, description) VALUES (?, ?)")) {
                    record.setInt(1, m.version());
                    record.setString(2, m.description());
                    record.executeUpdate();
                }
                applied.add(m.version());
            }
            c.commit();
            int latest = MIGRATIONS.get(MIGRATIONS.size() - 1).version();
            if (!applied.isEmpty()) {
                LOG.log(Level.INFO, "applied schema version(s) {0} of the job store to {1}.{2}jobs", applied, schema,
                        prefix);
            } else if (current > latest) {
                LOG.log(Level.INFO, "{0}.{1}jobs is at schema version {2}, newer than this library''s {3}", schema,
                        prefix, current, latest);
            }
            return applied;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The advisory-lock key of this schema and prefix: the first 8 bytes of a SHA-256 of the qualified name. */
    long lockKey() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("asyncapi-postgres:" + channel()).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (hash[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

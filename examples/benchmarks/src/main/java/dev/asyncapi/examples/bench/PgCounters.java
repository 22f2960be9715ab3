package dev.asyncapi.examples.bench;

import dev.asyncapi.postgres.server.PostgresServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a PostgreSQL server did for one database, read from the server itself: statements from
 * {@code pg_stat_statements} (when the server preloads it), transactions and rows from
 * {@code pg_stat_database}, and the CPU time of all the server's processes from {@code /proc}.
 *
 * <p>Reads go through one connection to the {@code postgres} database, so they never count against the
 * database measured. Not thread-safe.
 */
final class PgCounters implements AutoCloseable {

    /** Linux reports process CPU time in clock ticks of 1/100 s on every mainstream kernel configuration. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final PostgresServer server;
    private final Connection monitor;
    private final boolean statementsAvailable;

    PgCounters(PostgresServer server) throws SQLException {
        this.server = server;
        this.monitor = server.dataSource("postgres").getConnection();
        boolean available;
        try (Statement s = monitor.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_statements")) {
                available = rs.next();
            }
        } catch (SQLException e) {
            // not preloaded: the view exists but refuses to be read
            available = false;
        }
        this.statementsAvailable = available;
    }

    boolean statementsAvailable() {
        return statementsAvailable;
    }

    /** Statements run so far in one database, by query id; empty if {@code pg_stat_statements} is not loaded. */
    Statements statements(String database) throws SQLException {
        Map<Long, Entry> byId = new HashMap<>();
        if (!statementsAvailable) {
            return new Statements(byId);
        }
        try (PreparedStatement ps = monitor.prepareStatement("SELECT s.queryid, s.calls, s.rows, s.total_exec_time, s.wal_bytes, s.query"
                + " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // the same query id can appear once per user and top-level flag: add them up
                    byId.merge(rs.getLong(1), new Entry(rs.getLong(2), rs.getLong(3), rs.getDouble(4),
                                    rs.getBigDecimal(5).longValue(), rs.getString(6)),
                            (a, b) -> new Entry(a.calls + b.calls, a.rows + b.rows, a.execMillis + b.execMillis,
                                    a.walBytes + b.walBytes, a.query));
                }
            }
        }
        return new Statements(byId);
    }

    /** The cumulative counters of one database; backends report theirs at the latest when they exit. */
    DbCounters database(String database) throws SQLException {
        try (PreparedStatement ps = monitor.prepareStatement("SELECT xact_commit, xact_rollback, tup_returned,"
                + " tup_fetched, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new DbCounters(0, 0, 0, 0, 0, 0, 0);
                }
                return new DbCounters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7));
            }
        }
    }

    /**
     * CPU time of the whole server: the postmaster and its live children, plus what the postmaster collected from
     * children that ended (backends of closed connections). -1 if {@code /proc} cannot be read.
     */
    long serverCpuNanos() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(server.dataDirectory().resolve("postmaster.pid"),
                    StandardCharsets.UTF_8).get(0).trim());
            long[] own = procStat(postmaster);
            long ticks = own[1] + own[2] + own[3] + own[4];
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
                for (Path p : procs) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (pid == postmaster) {
                        continue;
                    }
                    long[] stat = procStat(pid);
                    if (stat != null && stat[0] == postmaster) {
                        ticks += stat[1] + stat[2];
                    }
                }
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Parent pid, utime, stime, cutime, cstime of a process; null if it is gone. */
    private static long[] procStat(long pid) {
        String line;
        try {
            line = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
        // the command name (field 2) is in parentheses and may hold spaces: count fields after its closing one
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14])};
    }

    /**
     * Samples what the backends of one database are doing ({@code pg_stat_activity}) every {@code period} until
     * closed, on a connection and thread of its own: where a library's time goes in the server (running, waiting for
     * a lock, for the WAL flush of a commit, idle in a transaction...).
     */
    WaitSampler sampleWaits(String database, long periodMillis) throws SQLException {
        return new WaitSampler(server.dataSource("postgres").getConnection(), database, periodMillis);
    }

    @Override
    public void close() throws SQLException {
        monitor.close();
    }

    /** Counts backend states seen in {@code pg_stat_activity}, sample by sample. */
    static final class WaitSampler implements AutoCloseable {
        private final Connection connection;
        private final Thread thread;
        private final Map<String, Long> seen = new HashMap<>();
        private volatile boolean stopped;
        private long samples;

        private WaitSampler(Connection connection, String database, long periodMillis) {
            this.connection = connection;
            this.thread = new Thread(() -> run(database, periodMillis), "pg-wait-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(String database, long periodMillis) {
            String sql = "SELECT state, wait_event_type, wait_event FROM pg_stat_activity"
                    + " WHERE datname = ? AND pid <> pg_backend_pid() AND backend_type = 'client backend'";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, database);
                while (!stopped) {
                    Map<String, Long> sample = new HashMap<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String state = rs.getString(1);
                            String type = rs.getString(2);
                            String key = "active".equals(state)
                                    ? (type == null ? "active, on CPU" : "active, waiting " + type + ":" + rs.getString(3))
                                    : String.valueOf(state);
                            sample.merge(key, 1L, Long::sum);
                        }
                    }
                    synchronized (this) {
                        sample.forEach((k, v) -> seen.merge(k, v, Long::sum));
                        samples++;
                    }
                    Thread.sleep(periodMillis);
                }
            } catch (SQLException e) {
                synchronized (this) {
                    seen.put("(sampling failed: " + e.getMessage() + ")", 0L);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The states seen, as the average number of backends in each per sample, most first (idle left out). */
        synchronized List<String> summary(int max) {
            List<Map.Entry<String, Long>> entries = new ArrayList<>(seen.entrySet());
            entries.removeIf(e -> e.getKey().equals("idle"));
            entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, Long> e : entries.subList(0, Math.min(max, entries.size()))) {
                lines.add(String.format(Locale.ROOT, "%.2f %s", samples == 0 ? 0 : (double) e.getValue() / samples,
                        e.getKey()));
            }
            return lines;
        }

        @Override
        public void close() throws SQLException {
            stopped = true;
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection.close();
        }
    }

    /** One statement's cumulative calls, rows, time in the executor and WAL written, and its normalised text. */
    record Entry(long calls, long rows, double execMillis, long walBytes, String query) {
    }

    /** A snapshot of {@code pg_stat_statements} for one database. */
    record Statements(Map<Long, Entry> byId) {

        /** Statements run between {@code earlier} and this snapshot, most called first. */
        List<Entry> since(Statements earlier) {
            List<Entry> delta = new ArrayList<>();
            byId.forEach((id, now) -> {
                Entry before = earlier.byId.get(id);
                long calls = now.calls - (before == null ? 0 : before.calls);
                long rows = now.rows - (before == null ? 0 : before.rows);
                double millis = now.execMillis - (before == null ? 0 : before.execMillis);
                long wal = now.walBytes - (before == null ? 0 : before.walBytes);
                if (calls > 0) {
                    delta.add(new Entry(calls, rows, millis, wal, now.query));
                }
            });
            delta.sort(Comparator.comparingLong(Entry::calls).reversed());
            return delta;
        }

        static long totalCalls(List<Entry> entries) {
            return entries.stream().mapToLong(Entry::calls).sum();
        }

        static long totalWalBytes(List<Entry> entries) {
            return entries.stream().mapToLong(Entry::walBytes).sum();
        }

        static double totalExecMillis(List<Entry> entries) {
            return entries.stream().mapToDouble(Entry::execMillis).sum();
        }

        /** A statement's text on one line, cut to {@code max} characters. */
        static String oneLine(String query, int max) {
            String flat = query.replaceAll("\\s+", " ").trim();
            return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
        }
    }

    /** The cumulative counters of {@code pg_stat_database} for one database. */
    record DbCounters(long commits, long rollbacks, long returned, long fetched, long inserted, long updated,
                      long deleted) {

        DbCounters minus(DbCounters o) {
            return new DbCounters(commits - o.commits, rollbacks - o.rollbacks, returned - o.returned,
                    fetched - o.fetched, inserted - o.inserted, updated - o.updated, deleted - o.deleted);
        }

        String perJob(int jobs) {
            double n = jobs;
            return String.format(Locale.ROOT, "commits %.2f, rows inserted %.2f, updated %.2f, deleted %.2f,"
                            + " fetched %.2f, returned %.1f",
                    commits / n, inserted / n, updated / n, deleted / n, fetched / n, returned / n);
        }
    }
}

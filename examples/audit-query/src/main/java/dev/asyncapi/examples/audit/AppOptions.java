package dev.asyncapi.examples.audit;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@link AuditQueryApp}: {@code --name=value} options (flags take no value).
 * Every option, with its default, is listed in {@link #USAGE} and in {@code docs/configuration.md}.
 *
 * <p>Immutable.
 *
 * @param port               HTTP port; 0 picks a free one
 * @param store              where jobs are kept
 * @param demo               start Azurite, seed, walk the flow over HTTP, stop
 * @param keepServing        with {@code demo}: keep serving after the walk until Ctrl+C
 * @param concurrency        day partitions scanned at once per job
 * @param maxDays            longest accepted range in days
 * @param demoPartitionDelay artificial pause per partition (demo only)
 * @param seedFirstDay       first seeded day
 * @param seedDays           seeded day partitions
 * @param seedRowsPerDay     seeded rows per day
 * @param postgresUrl        with {@code --store=postgres}: the JDBC URL of the database that keeps the jobs
 */
public record AppOptions(int port, Store store, boolean demo, boolean keepServing, int concurrency, int maxDays,
                         Duration demoPartitionDelay, LocalDate seedFirstDay, int seedDays, int seedRowsPerDay,
                         Optional<String> postgresUrl) {

    /** Where jobs are kept. */
    public enum Store {
        /** In this process's memory: lost on restart (the default). */
        MEMORY,
        /** In Azure Table Storage (the same account as the audit table): durable, shared by instances. */
        AZURE_TABLES,
        /** In PostgreSQL ({@code --postgres-url}): durable, shared by instances, woken across them at once. */
        POSTGRES
    }

    /** Default port: {@value}. */
    public static final int DEFAULT_PORT = 7071;
    /** Default pause per partition in demo mode: 500 ms. */
    public static final Duration DEFAULT_DEMO_PARTITION_DELAY = Duration.ofMillis(500);

    /** The usage text printed by {@code --help} and on a bad option. */
    public static final String USAGE = String.join("\n",
            "Usage: AuditQueryApp [options]",
            "  --port=N                      HTTP port (default 7071; 0 = any free port)",
            "  --store=memory|azure-tables|postgres",
            "                                job store (default memory; azure-tables uses the audit storage account)",
            "  --postgres-url=jdbc:postgresql://host:port/db?user=...",
            "                                with --store=postgres: the database (password from ASYNCAPI_POSTGRES_PASSWORD)",
            "  --concurrency=N               day partitions scanned at once per job (default 8)",
            "  --max-days=N                  longest accepted range in days (default 366)",
            "  --demo                        start Azurite, seed data, walk submit/poll/result and the error cases, stop",
            "  --keep-serving                with --demo: keep serving on the port afterwards (Ctrl+C stops)",
            "  --demo-partition-delay-ms=N   demo only: artificial pause per partition so Running is visible (default 500)",
            "  --seed-first-day=yyyy-MM-dd   demo data: first day (default 2021-08-01)",
            "  --seed-days=N                 demo data: days (default 31)",
            "  --seed-rows-per-day=N         demo data: rows per day (default 400)",
            "Without --demo the audit table's connection string comes from AUDIT_TABLE_CONNECTION_STRING, else from",
            "App Configuration at AppConfigEndpoint (key storage-account-connection-string, label async-http-api).");

    private static final Set<String> FLAGS = Set.of("demo", "keep-serving", "help");

    /**
     * Parses the command line.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException naming the bad option, for an unknown option or a bad value
     */
    public static AppOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --name=value, but got: " + arg);
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (eq < 0 && !FLAGS.contains(name)) {
                throw new IllegalArgumentException("option --" + name + " needs a value (--" + name + "=...)");
            }
            if (values.put(name, eq < 0 ? "true" : arg.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("option --" + name + " given twice");
            }
        }
        if (values.containsKey("help")) {
            throw new IllegalArgumentException("help");
        }
        AppOptions options = new AppOptions(
                integer(values.remove("port"), "port", DEFAULT_PORT, 0, 65535),
                store(values.remove("store")),
                values.remove("demo") != null,
                values.remove("keep-serving") != null,
                integer(values.remove("concurrency"), "concurrency", AuditCountJob.DEFAULT_CONCURRENCY, 1, 256),
                integer(values.remove("max-days"), "max-days", AuditDates.DEFAULT_MAX_DAYS, 2, 100_000),
                Duration.ofMillis(integer(values.remove("demo-partition-delay-ms"), "demo-partition-delay-ms",
                        (int) DEFAULT_DEMO_PARTITION_DELAY.toMillis(), 0, 60_000)),
                date(values.remove("seed-first-day")),
                integer(values.remove("seed-days"), "seed-days", 31, 1, 3660),
                integer(values.remove("seed-rows-per-day"), "seed-rows-per-day", 400, 1, 1_000_000),
                Optional.ofNullable(values.remove("postgres-url")));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next());
        }
        if ((options.store == Store.POSTGRES) != options.postgresUrl.isPresent()) {
            throw new IllegalArgumentException("--store=postgres and --postgres-url=jdbc:postgresql://... go together");
        }
        if (options.postgresUrl.isPresent() && !options.postgresUrl.get().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--postgres-url must start with jdbc:postgresql:");
        }
        if (options.keepServing && !options.demo) {
            throw new IllegalArgumentException("--keep-serving only applies with --demo");
        }
        return options;
    }

    private static int integer(String value, String name, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + name + " must be " + min + " to " + max + ", but was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, but was: " + value);
        }
    }

    private static Store store(String value) {
        if (value == null || value.equals("memory")) {
            return Store.MEMORY;
        }
        if (value.equals("azure-tables")) {
            return Store.AZURE_TABLES;
        }
        if (value.equals("postgres")) {
            return Store.POSTGRES;
        }
        throw new IllegalArgumentException("--store must be memory, azure-tables or postgres, but was: " + value);
    }

    private static LocalDate date(String value) {
        if (value == null) {
            return LocalDate.of(2021, 8, 1);
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--seed-first-day must be yyyy-MM-dd, but was: " + value);
        }
    }
}

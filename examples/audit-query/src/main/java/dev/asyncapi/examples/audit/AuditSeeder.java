package dev.asyncapi.examples.audit;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Deterministic synthetic audit data: {@code days} day partitions from {@code firstDay}, each with
 * {@code rowsPerDay} rows. Ids repeat within and across days, and about one row in seven has an empty
 * {@code CertNumber}, so the expected count is a real distinct count over filtered rows.
 *
 * <p>The same settings always produce the same rows, so {@link #expectedCount} computes the exact answer
 * of any range without reading the table. Immutable and thread-safe.
 *
 * @param firstDay   the first day partition
 * @param days       how many day partitions, at least 1
 * @param rowsPerDay rows per day, at least 1
 */
public record AuditSeeder(LocalDate firstDay, int days, int rowsPerDay) {

    /** Rows per entity-group transaction: the service's limit, {@value}. */
    public static final int BATCH_SIZE = 100;

    /**
     * Validates the settings.
     *
     * @throws NullPointerException     if {@code firstDay} is null
     * @throws IllegalArgumentException if {@code days} or {@code rowsPerDay} is less than 1
     */
    public AuditSeeder {
        Objects.requireNonNull(firstDay, "firstDay cannot be null");
        if (days < 1 || rowsPerDay < 1) {
            throw new IllegalArgumentException("days and rowsPerDay must be at least 1, but were "
                    + days + " and " + rowsPerDay);
        }
    }

    /**
     * Returns the last seeded day.
     *
     * @return {@code firstDay + days - 1}
     */
    public LocalDate lastDay() {
        return firstDay.plusDays(days - 1L);
    }

    /**
     * Returns how many rows {@link #seed} writes.
     *
     * @return {@code days * rowsPerDay}
     */
    public long totalRows() {
        return (long) days * rowsPerDay;
    }

    /**
     * Creates the audit table if needed and writes every row, in transactions of {@value #BATCH_SIZE}
     * rows of one partition. Writing twice is harmless (rows are upserted).
     *
     * @param service a service client of the storage account
     * @return the table client
     */
    public TableClient seed(TableServiceClient service) {
        service.createTableIfNotExists(AuditTables.TABLE_NAME);
        TableClient table = service.getTableClient(AuditTables.TABLE_NAME);
        for (int d = 0; d < days; d++) {
            String partition = firstDay.plusDays(d).toString();
            List<TableTransactionAction> batch = new ArrayList<>(BATCH_SIZE);
            for (int r = 0; r < rowsPerDay; r++) {
                batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, row(d, r)));
                if (batch.size() == BATCH_SIZE) {
                    submit(table, batch);
                    batch = new ArrayList<>(BATCH_SIZE);
                }
            }
            if (!batch.isEmpty()) {
                submit(table, batch);
            }
        }
        return table;
    }

    /**
     * Computes the exact answer of an audit count over a range, from the generator alone.
     *
     * @param query the range
     * @return the number of distinct ids among seeded rows in the range with a non-empty CertNumber
     */
    public long expectedCount(AuditQuery query) {
        Set<String> ids = new HashSet<>();
        for (String partition : query.partitionKeys()) {
            long d = ChronoUnit.DAYS.between(firstDay, LocalDate.parse(partition));
            if (d < 0 || d >= days) {
                continue;
            }
            for (int r = 0; r < rowsPerDay; r++) {
                if (!certNumber((int) d, r).isEmpty()) {
                    ids.add(identificationNumber((int) d, r));
                }
            }
        }
        return ids.size();
    }

    /**
     * Builds row {@code r} of day {@code d}.
     *
     * @param d the day index from {@code firstDay}
     * @param r the row index within the day
     * @return the entity
     */
    TableEntity row(int d, int r) {
        return new TableEntity(firstDay.plusDays(d).toString(), String.format("%08d", r))
                .addProperty(AuditTables.ID_COLUMN, identificationNumber(d, r))
                .addProperty(AuditTables.CERT_COLUMN, certNumber(d, r))
                .addProperty("Action", ACTIONS[mix(d, r, 3) % ACTIONS.length]);
    }

    private static final String[] ACTIONS = {"Login", "Issue", "Renew", "Revoke", "Inspect"};

    private String identificationNumber(int d, int r) {
        // A pool smaller than the rows makes ids repeat within a day and across days.
        int pool = Math.max(1, rowsPerDay * Math.min(days, 4) / 3);
        return "ID" + String.format("%07d", mix(d, r, 1) % pool);
    }

    private static String certNumber(int d, int r) {
        return mix(d, r, 2) % 7 == 0 ? "" : "C" + String.format("%06d", mix(d, r, 5) % 1_000_000);
    }

    private static int mix(int d, int r, int salt) {
        long x = d * 0x9E3779B97F4A7C15L + r * 0xC2B2AE3D27D4EB4FL + salt * 0x165667B19E3779F9L;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return (int) (x & 0x7fffffff);
    }

    private static void submit(TableClient table, List<TableTransactionAction> batch) {
        try {
            table.submitTransaction(batch);
        } catch (TableServiceException e) {
            throw new IllegalStateException("seeding table '" + AuditTables.TABLE_NAME + "' failed with HTTP "
                    + e.getResponse().getStatusCode(), e);
        }
    }
}

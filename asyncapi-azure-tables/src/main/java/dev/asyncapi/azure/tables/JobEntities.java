package dev.asyncapi.azure.tables;

import com.azure.data.tables.models.TableEntity;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.Lease;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.TraceContext;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * Maps jobs to Table entities and back: long strings split across properties, instants as fixed-width UTC
 * text (exact to the nanosecond and ordered as text, so filters on them work), and the entity size checked
 * against the service's limit before anything is sent.
 */
final class JobEntities {

    /** The service's limit on one entity. */
    static final int MAX_ENTITY_BYTES = 1024 * 1024;
    /** Characters per string property: 64 KiB of UTF-16, less headroom. */
    static final int CHUNK_CHARS = 32_000;
    static final String ETAG = "odata.etag";

    static final String TYPE = "type";
    static final String STATUS = "status";
    static final String INPUT = "input";
    static final String PROGRESS = "progress";
    static final String OUTPUT = "output";
    static final String FAILURE_CODE = "failureCode";
    static final String FAILURE_MESSAGE = "failureMessage";
    static final String OWNER = "owner";
    static final String IDEMPOTENCY_KEY = "idempotencyKey";
    static final String KEY_HASH = "keyHash";
    static final String ATTEMPT = "attempt";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String STARTED_AT = "startedAt";
    static final String FINISHED_AT = "finishedAt";
    static final String NOT_BEFORE = "notBefore";
    static final String LEASE_WORKER = "leaseWorker";
    static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    /** A fresh random token per write: tells whether a stored entity is the one this process wrote. */
    static final String WRITE_TOKEN = "writeToken";
    /** The W3C trace context of the submit: its traceparent and tracestate headers. */
    static final String TRACE_PARENT = "traceParent";
    static final String TRACE_STATE = "traceState";
    static final String JOB_ID = "jobId";

    private static final String PARTS_SUFFIX = "__parts";
    private static final int INSTANT_TEXT_LENGTH = 30;
    private static final DateTimeFormatter INSTANT_TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private JobEntities() {
    }

    /**
     * {@code uuuu-MM-ddTHH:mm:ss.nnnnnnnnnZ}. Written by hand for years 0 to 9999 because every write formats
     * several instants and {@link DateTimeFormatter} costs more than the rest of the mapping; other years (which
     * the formatter writes with a sign) go through it.
     */
    static String instantText(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return INSTANT_TEXT.format(instant);
        }
        byte[] b = new byte[INSTANT_TEXT_LENGTH];
        digits(b, 0, year, 4);
        b[4] = '-';
        digits(b, 5, t.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, t.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, t.getHour(), 2);
        b[13] = ':';
        digits(b, 14, t.getMinute(), 2);
        b[16] = ':';
        digits(b, 17, t.getSecond(), 2);
        b[19] = '.';
        digits(b, 20, t.getNano(), 9);
        b[29] = 'Z';
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The inverse of {@link #instantText}; text in another ISO-8601 form still parses, just slower. */
    static Instant parseInstant(Object value) {
        if (value == null) {
            return null;
        }
        String text = (String) value;
        if (text.length() == INSTANT_TEXT_LENGTH && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':'
                && text.charAt(19) == '.' && text.charAt(29) == 'Z') {
            int year = number(text, 0, 4);
            int month = number(text, 5, 2);
            int day = number(text, 8, 2);
            int hour = number(text, 11, 2);
            int minute = number(text, 14, 2);
            int second = number(text, 17, 2);
            int nano = number(text, 20, 9);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && nano >= 0) {
                try {
                    return LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(ZoneOffset.UTC);
                } catch (DateTimeException invalidDay) {
                    // e.g. February 30: let the ISO parser produce its usual error below
                }
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number in {@code text[at, at + width)}, or -1 if a character is not a digit. */
    private static int number(String text, int at, int width) {
        int n = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * The job as an entity of its partition, without an ETag.
     *
     * @throws PayloadTooLargeException if the entity would exceed {@link #MAX_ENTITY_BYTES}
     */
    static TableEntity toEntity(Job job, String partition, String writeToken) {
        TableEntity e = new TableEntity(partition, Keys.jobRow(job.id()));
        putText(e, TYPE, job.type());
        putText(e, STATUS, job.status().wireName());
        putText(e, INPUT, job.inputJson());
        job.progressJson().ifPresent(p -> putText(e, PROGRESS, p));
        job.outputJson().ifPresent(o -> putText(e, OUTPUT, o));
        job.failure().ifPresent(f -> {
            putText(e, FAILURE_CODE, f.code());
            putText(e, FAILURE_MESSAGE, f.message());
        });
        job.owner().ifPresent(o -> putText(e, OWNER, o));
        job.idempotencyKey().ifPresent(k -> {
            putText(e, IDEMPOTENCY_KEY, k);
            e.addProperty(KEY_HASH, Keys.idempotencyHash(job.owner().orElse(null), k));
        });
        e.addProperty(ATTEMPT, job.attempt());
        e.addProperty(CREATED_AT, instantText(job.createdAt()));
        e.addProperty(UPDATED_AT, instantText(job.updatedAt()));
        job.startedAt().ifPresent(t -> e.addProperty(STARTED_AT, instantText(t)));
        job.finishedAt().ifPresent(t -> e.addProperty(FINISHED_AT, instantText(t)));
        e.addProperty(NOT_BEFORE, instantText(job.notBefore()));
        job.lease().ifPresent(l -> {
            putText(e, LEASE_WORKER, l.workerId());
            e.addProperty(LEASE_EXPIRES_AT, instantText(l.expiresAt()));
        });
        e.addProperty(WRITE_TOKEN, writeToken);
        job.traceContext().ifPresent(t -> {
            e.addProperty(TRACE_PARENT, t.traceparent());
            t.tracestate().ifPresent(s -> e.addProperty(TRACE_STATE, s));
        });
        long size = sizeOf(e);
        if (size > MAX_ENTITY_BYTES) {
            throw new PayloadTooLargeException("job " + job.id() + " would take " + size
                    + " bytes in Table Storage, over its limit of " + MAX_ENTITY_BYTES + " bytes per entity (input "
                    + job.inputJson().length() + " chars" + job.outputJson().map(o -> ", output " + o.length()
                    + " chars").orElse("") + ")");
        }
        return e;
    }

    /** Rebuilds a job from its entity; the version combines the due instant and the ETag. */
    static Job fromEntity(TableEntity e) {
        Map<String, Object> p = e.getProperties();
        Job.Builder b = Job.builder()
                .id(Keys.idOfJobRow(e.getRowKey()))
                .type(text(p, TYPE).orElseThrow())
                .status(JobStatus.fromWireName(text(p, STATUS).orElseThrow()).orElseThrow())
                .inputJson(text(p, INPUT).orElse(""))
                .progressJson(text(p, PROGRESS).orElse(null))
                .outputJson(text(p, OUTPUT).orElse(null))
                .owner(text(p, OWNER).orElse(null))
                .idempotencyKey(text(p, IDEMPOTENCY_KEY).orElse(null))
                .attempt(((Number) p.getOrDefault(ATTEMPT, 0)).intValue())
                .createdAt(parseInstant(p.get(CREATED_AT)))
                .updatedAt(parseInstant(p.get(UPDATED_AT)))
                .startedAt(parseInstant(p.get(STARTED_AT)))
                .finishedAt(parseInstant(p.get(FINISHED_AT)))
                .notBefore(parseInstant(p.get(NOT_BEFORE)));
        Optional<String> code = text(p, FAILURE_CODE);
        code.ifPresent(c -> b.failure(new JobFailure(c, text(p, FAILURE_MESSAGE).orElse(""))));
        Optional<String> worker = text(p, LEASE_WORKER);
        worker.ifPresent(w -> b.lease(new Lease(w, parseInstant(p.get(LEASE_EXPIRES_AT)))));
        text(p, TRACE_PARENT).ifPresent(t -> b.traceContext(TraceContext.of(t, text(p, TRACE_STATE).orElse(null))));
        Job unversioned = b.build();
        return unversioned.toBuilder().version(Versions.of(unversioned, e.getETag())).build();
    }

    static String writeTokenOf(TableEntity e) {
        Object token = e.getProperties().get(WRITE_TOKEN);
        return token == null ? "" : token.toString();
    }

    /** Stores text in one property, or split across {@code name}, {@code name__1}... with a part count. */
    static void putText(TableEntity e, String name, String value) {
        if (value.length() <= CHUNK_CHARS) {
            e.addProperty(name, value);
            return;
        }
        int part = 0;
        int start = 0;
        while (start < value.length()) {
            int end = Math.min(value.length(), start + CHUNK_CHARS);
            // never split a surrogate pair: each part must be valid UTF-16 on its own to survive JSON
            if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
                end--;
            }
            e.addProperty(part == 0 ? name : name + "__" + part, value.substring(start, end));
            part++;
            start = end;
        }
        e.addProperty(name + PARTS_SUFFIX, part);
    }

    static Optional<String> text(Map<String, Object> p, String name) {
        Object parts = p.get(name + PARTS_SUFFIX);
        if (parts == null) {
            return Optional.ofNullable((String) p.get(name));
        }
        int n = ((Number) parts).intValue();
        StringBuilder joined = new StringBuilder(n * CHUNK_CHARS);
        for (int i = 0; i < n; i++) {
            Object chunk = p.get(i == 0 ? name : name + "__" + i);
            if (chunk == null) {
                throw new IllegalStateException("property " + name + " is missing part " + i + " of " + n);
            }
            joined.append((String) chunk);
        }
        return Optional.of(joined.toString());
    }

    /** The service's own formula: 4 + 2 x keys, and per property 8 + 2 x name + the value's size. */
    static long sizeOf(TableEntity e) {
        long size = 4 + 2L * (e.getPartitionKey().length() + e.getRowKey().length());
        for (Map.Entry<String, Object> prop : e.getProperties().entrySet()) {
            String name = prop.getKey();
            if (name.startsWith("odata.") || name.equals("PartitionKey") || name.equals("RowKey")
                    || name.equals("Timestamp")) {
                continue;
            }
            Object v = prop.getValue();
            long valueSize;
            if (v instanceof String s) {
                valueSize = 4 + 2L * s.length();
            } else if (v instanceof Integer) {
                valueSize = 4;
            } else if (v instanceof Boolean) {
                valueSize = 1;
            } else {
                valueSize = 8;
            }
            size += 8 + 2L * name.length() + valueSize;
        }
        return size;
    }
}

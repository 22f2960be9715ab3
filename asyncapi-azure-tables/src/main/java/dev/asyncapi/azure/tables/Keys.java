package dev.asyncapi.azure.tables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The table layout: which partition and row key each entity gets. See {@code docs/azure-tables.md}.
 *
 * <ul>
 *   <li>Job: {@code PartitionKey = shard(id)}, {@code RowKey = "job_" + id}.</li>
 *   <li>Due index: same partition, {@code RowKey = "due_" + 13-digit epoch millis of claimableAt + "_" + id},
 *       property {@code type} = the job's type (filtered on by the due query); exists exactly while the job is
 *       Pending or Running.</li>
 *   <li>Delivery index: same partition, {@code RowKey = "hook_" + 13-digit epoch millis of the callback's dueAt
 *       + "_" + id}; exists exactly while the job's completion callback is due.</li>
 *   <li>Idempotency key: {@code PartitionKey = shard(hash)}, {@code RowKey = "key_" + hash}, hash being the
 *       SHA-256 of owner and key; holds the job id.</li>
 *   <li>Layout marker: {@code PartitionKey = "meta"}, {@code RowKey = "layout"}, holds the shard count.</li>
 * </ul>
 */
final class Keys {

    static final String JOB_PREFIX = "job_";
    /** The character after '_': the exclusive upper bound of every job row key. */
    static final String JOB_END = "job`";
    static final String DUE_PREFIX = "due_";
    static final String KEY_PREFIX = "key_";
    static final String HOOK_PREFIX = "hook_";
    static final String META_PARTITION = "meta";
    static final String LAYOUT_ROW = "layout";
    private static final int MILLIS_DIGITS = 13;
    /** The largest 13-digit millisecond, in the year 2286. */
    static final long MAX_DUE_MILLIS = 9_999_999_999_999L;
    private static final Instant MAX_DUE = Instant.ofEpochMilli(MAX_DUE_MILLIS);

    /** The partition names, computed once: every read and write needs one. */
    private final String[] partitions;

    Keys(int shards) {
        if (shards < 1 || shards > 999) {
            throw new IllegalArgumentException("shards must be 1 to 999, but was " + shards);
        }
        this.partitions = new String[shards];
        for (int i = 0; i < shards; i++) {
            partitions[i] = partition(i);
        }
    }

    String partitionOf(String text) {
        // String.hashCode is specified by the JLS, so every process maps an id to the same shard
        int h = text.hashCode() * 0x9E3779B9;
        return partitions[Math.floorMod(h ^ (h >>> 16), partitions.length)];
    }

    /** The partition of shard {@code index} of this layout. */
    String partitionAt(int index) {
        return partitions[index];
    }

    /** {@code s000} to {@code s998}. */
    static String partition(int shard) {
        if (shard < 0 || shard > 998) {
            throw new IllegalArgumentException("shard must be 0 to 998, but was " + shard);
        }
        return "s" + (char) ('0' + shard / 100) + (char) ('0' + shard / 10 % 10) + (char) ('0' + shard % 10);
    }

    int shards() {
        return partitions.length;
    }

    static String jobRow(String id) {
        return JOB_PREFIX + id;
    }

    static String idOfJobRow(String rowKey) {
        return rowKey.substring(JOB_PREFIX.length());
    }

    static String dueRow(long dueMillis, String id) {
        return DUE_PREFIX + millis(dueMillis) + "_" + id;
    }

    static String idOfDueRow(String rowKey) {
        return rowKey.substring(DUE_PREFIX.length() + MILLIS_DIGITS + 1);
    }

    /** The exclusive upper bound of due rows at {@code now}: every row due at or before now's millisecond. */
    static String dueRowsBefore(Instant now) {
        return DUE_PREFIX + millis(now.toEpochMilli() + 1);
    }

    static String hookRow(long dueMillis, String id) {
        return HOOK_PREFIX + millis(dueMillis) + "_" + id;
    }

    static String idOfHookRow(String rowKey) {
        return rowKey.substring(HOOK_PREFIX.length() + MILLIS_DIGITS + 1);
    }

    static long millisOfHookRow(String rowKey) {
        return Long.parseLong(rowKey.substring(HOOK_PREFIX.length(), HOOK_PREFIX.length() + MILLIS_DIGITS));
    }

    /** The exclusive upper bound of delivery rows due at or before {@code now}'s millisecond. */
    static String hookRowsBefore(Instant now) {
        return HOOK_PREFIX + millis(now.toEpochMilli() + 1);
    }

    /**
     * The due-row millisecond of an instant, clamped to 0 .. {@link #MAX_DUE_MILLIS}: the row keys compare as
     * text, so a 14-digit value would sort before every 13-digit one and be claimed at once.
     */
    static long dueMillis(Instant claimableAt) {
        if (claimableAt.isAfter(MAX_DUE)) {
            return MAX_DUE_MILLIS;
        }
        return Math.max(0, claimableAt.isBefore(Instant.EPOCH) ? 0 : claimableAt.toEpochMilli());
    }

    private static String millis(long value) {
        String digits = Long.toString(Math.max(0, value));
        return digits.length() >= MILLIS_DIGITS ? digits : "0".repeat(MILLIS_DIGITS - digits.length()) + digits;
    }

    /** A collision-free name for (owner, key): owner is length-prefixed so "a|b" + "c" differs from "a" + "b|c". */
    static String idempotencyHash(String owner, String key) {
        String material = (owner == null ? "-" : owner.length() + ":" + owner) + "|" + key;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    static String keyRow(String hash) {
        return KEY_PREFIX + hash;
    }
}

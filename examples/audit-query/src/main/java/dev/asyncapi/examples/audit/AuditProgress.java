package dev.asyncapi.examples.audit;

/**
 * Progress of an audit count, shown by status reads while the job runs.
 *
 * @param partitionsDone  day partitions fully scanned
 * @param partitionsTotal day partitions in the range
 * @param rowsScanned     rows read so far (rows with an empty {@code CertNumber} are filtered out by
 *                        the service and not counted here)
 */
public record AuditProgress(int partitionsDone, int partitionsTotal, long rowsScanned) {
}

/**
 * The client of the asyncapi HTTP contract. Start at {@link dev.asyncapi.client.AsyncJobsClient#builder(java.net.URI)}.
 *
 * <p>Every failure the client reports is an {@link dev.asyncapi.client.AsyncJobsClientException}: an error
 * answer of the server is a {@link dev.asyncapi.client.ProblemException} (one subtype per condition a caller
 * can act on), a job that ended badly is a {@link dev.asyncapi.client.JobFailedException} or
 * {@link dev.asyncapi.client.JobTerminatedException}, a request that got no answer is a
 * {@link dev.asyncapi.client.TransportException}, and an answer outside the contract is an
 * {@link dev.asyncapi.client.UnexpectedResponseException}. I/O and Jackson exceptions appear only as causes.
 */
package dev.asyncapi.client;

/**
 * The asynchronous request-reply engine: jobs, handlers and the {@code AsyncJobs} facade.
 */
package dev.asyncapi.core;

/**
 * The extension points: {@link dev.asyncapi.core.spi.JobStore} and the exceptions a store throws.
 * Store implementations prove themselves against the contract suite
 * {@code dev.asyncapi.core.spi.JobStoreContract} in this module's test-jar.
 */
package dev.asyncapi.core.spi;

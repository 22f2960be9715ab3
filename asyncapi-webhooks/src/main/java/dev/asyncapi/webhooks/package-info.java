/**
 * Durable, signed completion webhooks: {@link dev.asyncapi.webhooks.Webhooks} (settings, destination checks) and
 * {@link dev.asyncapi.webhooks.WebhookDeliverer} (the running deliverer); {@link dev.asyncapi.webhooks.AddressResolver}
 * is the name-resolution hook.
 */
package dev.asyncapi.webhooks;

package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.EngineGauges;

/**
 * This instance's engine gauges in the dashboard's overview, read from {@link AsyncJobs#gauges()} (a few atomic
 * reads, no store call): what this engine admitted, of that how much waits for a worker and how much runs, and
 * its capacity. Other instances have their own.
 */
final class DashboardGauges {

    private DashboardGauges() {
    }

    static void write(AsyncJobs jobs, JsonWriter json) {
        EngineGauges gauges = jobs.gauges();
        json.startObject("gauges").number("admitted", gauges.admitted()).number("queued", gauges.queued())
                .number("running", gauges.running()).number("capacity", gauges.capacity())
                .number("workers", gauges.workers()).number("queueCapacity", gauges.queueCapacity())
                .endObject();
    }
}

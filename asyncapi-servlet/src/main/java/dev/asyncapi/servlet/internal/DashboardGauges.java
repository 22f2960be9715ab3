package dev.asyncapi.servlet.internal;

/**
 * This instance's engine gauges (admitted, queued, running, capacity) in the dashboard's overview. The engine
 * offers no gauges in this build, so the overview leaves them out and the page says they are not available.
 */
final class DashboardGauges {

    private DashboardGauges() {
    }

    static void write(JsonWriter json) {
        // nothing to write: the engine has no gauges to read yet
    }
}

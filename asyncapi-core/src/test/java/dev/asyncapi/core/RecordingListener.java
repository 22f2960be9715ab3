package dev.asyncapi.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Test fixture: a listener that keeps every event and store call it hears. */
final class RecordingListener implements JobListener {

    final List<JobEvent> events = new CopyOnWriteArrayList<>();
    final List<StoreCall> storeCalls = new CopyOnWriteArrayList<>();

    @Override
    public void onJobEvent(JobEvent event) {
        events.add(event);
    }

    @Override
    public void onStoreCall(StoreCall call) {
        storeCalls.add(call);
    }

    /** @return the kinds of the events of one job, in the order heard */
    List<JobEvent.Kind> kindsOf(String jobId) {
        return eventsOf(jobId).stream().map(JobEvent::kind).collect(Collectors.toList());
    }

    /** @return the events of one job, in the order heard */
    List<JobEvent> eventsOf(String jobId) {
        return events.stream().filter(e -> e.jobId().filter(jobId::equals).isPresent()).collect(Collectors.toList());
    }

    /** @return the first event of a kind for a job */
    JobEvent first(String jobId, JobEvent.Kind kind) {
        return eventsOf(jobId).stream().filter(e -> e.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " event for job " + jobId + " in " + events));
    }
}

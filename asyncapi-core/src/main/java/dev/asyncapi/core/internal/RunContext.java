package dev.asyncapi.core.internal;

import dev.asyncapi.core.JobContext;

/**
 * What a handler sees of its run: the job's identity, a way to report progress and whether it should
 * stop. A small object of its own, so a handler holds no reference to the engine's run state.
 */
final class RunContext implements JobContext {

    private final String jobId;
    private final String jobType;
    private final Run run;
    private volatile int attempt;
    private volatile boolean terminationRequested;

    RunContext(String jobId, String jobType, Run run) {
        this.jobId = jobId;
        this.jobType = jobType;
        this.run = run;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String jobType() {
        return jobType;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public void reportProgress(Object progress) {
        run.reportProgress(progress);
    }

    @Override
    public boolean isTerminationRequested() {
        return terminationRequested;
    }

    void claimed(int attempt) {
        this.attempt = attempt;
    }

    void requestTermination() {
        terminationRequested = true;
    }
}

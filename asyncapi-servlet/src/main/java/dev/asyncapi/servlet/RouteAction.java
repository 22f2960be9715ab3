package dev.asyncapi.servlet;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RequestMapper} decided a request means. Created by the static factories; immutable and
 * thread-safe.
 *
 * <ul>
 *   <li>{@link #submit(String, Object)} / {@link #submitJson(String, String)}: submit a job for the caller; the
 *       {@code Idempotency-Key} and {@code Prefer} headers apply as on the default submit route, and the
 *       answer is rendered by {@link ResponseRenderer#accepted} (or {@link ResponseRenderer#finished}).</li>
 *   <li>{@link #status(String)}: read a job of the caller ({@code ?wait=N} long-polls), rendered by
 *       {@link ResponseRenderer#status}; unknown, malformed or another owner's id by
 *       {@link ResponseRenderer#notFound}.</li>
 *   <li>{@link #result(String)}: read a Completed job's output, rendered by {@link ResponseRenderer#result}.</li>
 *   <li>{@link #terminate(String)}: request termination, rendered by {@link ResponseRenderer#terminationAccepted}.</li>
 *   <li>{@link #reject(int, String)} / {@link #respond(RouteResponse)}: answer exactly this (validation errors
 *       in the service's own format); {@link #problem(Problem)}: answer a problem through the renderer.</li>
 *   <li>{@link #decline()}: not for this route; the filter passes the request down the chain.</li>
 * </ul>
 */
public final class RouteAction {

    enum Kind { SUBMIT, STATUS, RESULT, TERMINATE, RESPOND, PROBLEM, DECLINE }

    private static final RouteAction DECLINE = new RouteAction(Kind.DECLINE, null, null, false, null, null);

    private final Kind kind;
    private final String target;
    private final Object input;
    private final boolean inputIsJsonText;
    private final RouteResponse response;
    private final Problem problem;

    private RouteAction(Kind kind, String target, Object input, boolean inputIsJsonText, RouteResponse response,
                        Problem problem) {
        this.kind = kind;
        this.target = target;
        this.input = input;
        this.inputIsJsonText = inputIsJsonText;
        this.response = response;
        this.problem = problem;
    }

    /**
     * Submits a job whose input is a value, converted to JSON by the engine.
     *
     * @param type  the job type
     * @param input the input; may be null
     * @return the action
     * @throws NullPointerException if {@code type} is null
     */
    public static RouteAction submit(String type, Object input) {
        return new RouteAction(Kind.SUBMIT, Objects.requireNonNull(type, "type cannot be null"), input, false,
                null, null);
    }

    /**
     * Submits a job whose input is JSON text, such as a request body; malformed JSON is answered with
     * {@link ProblemType#MALFORMED_JSON}.
     *
     * @param type      the job type
     * @param inputJson the input as JSON text
     * @return the action
     * @throws NullPointerException if an argument is null
     */
    public static RouteAction submitJson(String type, String inputJson) {
        return new RouteAction(Kind.SUBMIT, Objects.requireNonNull(type, "type cannot be null"),
                Objects.requireNonNull(inputJson, "inputJson cannot be null"), true, null, null);
    }

    /**
     * Reads the status of one of the caller's jobs.
     *
     * @param id the job id as the request gave it (validated by the HTTP layer: a malformed id is "not found")
     * @return the action
     * @throws NullPointerException if {@code id} is null
     */
    public static RouteAction status(String id) {
        return new RouteAction(Kind.STATUS, Objects.requireNonNull(id, "id cannot be null"), null, false, null, null);
    }

    /**
     * Reads the output of one of the caller's Completed jobs.
     *
     * @param id the job id as the request gave it
     * @return the action
     * @throws NullPointerException if {@code id} is null
     */
    public static RouteAction result(String id) {
        return new RouteAction(Kind.RESULT, Objects.requireNonNull(id, "id cannot be null"), null, false, null, null);
    }

    /**
     * Requests termination of one of the caller's jobs.
     *
     * @param id the job id as the request gave it
     * @return the action
     * @throws NullPointerException if {@code id} is null
     */
    public static RouteAction terminate(String id) {
        return new RouteAction(Kind.TERMINATE, Objects.requireNonNull(id, "id cannot be null"), null, false, null,
                null);
    }

    /**
     * Answers with an {@code application/json} body written exactly as given, e.g.
     * {@code reject(400, "{\"error\": \"Invalid start date format.\"}")}. No job is created.
     *
     * @param status the status code, 100 to 599
     * @param json   the body
     * @return the action
     * @throws IllegalArgumentException if the status is out of range
     * @throws NullPointerException     if {@code json} is null
     */
    public static RouteAction reject(int status, String json) {
        return respond(RouteResponse.json(status, json));
    }

    /**
     * Answers with exactly this response. No job is created.
     *
     * @param response the response
     * @return the action
     * @throws NullPointerException if {@code response} is null
     */
    public static RouteAction respond(RouteResponse response) {
        return new RouteAction(Kind.RESPOND, null, null, false,
                Objects.requireNonNull(response, "response cannot be null"), null);
    }

    /**
     * Answers with a problem, rendered by the route's {@link ResponseRenderer#problem}. No job is created.
     *
     * @param problem the problem
     * @return the action
     * @throws NullPointerException if {@code problem} is null
     */
    public static RouteAction problem(Problem problem) {
        return new RouteAction(Kind.PROBLEM, null, null, false, null,
                Objects.requireNonNull(problem, "problem cannot be null"));
    }

    /**
     * Declines the request: the filter passes it down the chain (the servlet answers 404).
     *
     * @return the action
     */
    public static RouteAction decline() {
        return DECLINE;
    }

    Kind kind() {
        return kind;
    }

    /** The job type of a submit, or the job id of a status, result or termination. */
    String target() {
        return target;
    }

    Object input() {
        return input;
    }

    boolean inputIsJsonText() {
        return inputIsJsonText;
    }

    RouteResponse response() {
        return response;
    }

    Problem problemValue() {
        return problem;
    }

    @Override
    public String toString() {
        return "RouteAction[" + kind + Optional.ofNullable(target).map(t -> " " + t).orElse("") + "]";
    }
}

package dev.asyncapi.servlet;

import java.util.Objects;

/**
 * What a {@link RequestMapper} decided a request means: one record per kind, created directly or by the static
 * factories. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@link Submit} / {@link SubmitJson}: submit a job for the caller; the {@code Idempotency-Key} and
 *       {@code Prefer} headers apply as on the default submit route, and the answer is rendered by
 *       {@link ResponseRenderer#accepted} (or {@link ResponseRenderer#finished}).</li>
 *   <li>{@link Status}: read a job of the caller ({@code ?wait=N} long-polls; {@code Accept: text/event-stream}
 *       streams it when the route {@linkplain Route.Builder#eventStream() streams}), rendered by
 *       {@link ResponseRenderer#status}; an unknown, malformed or another owner's id by
 *       {@link ResponseRenderer#notFound}.</li>
 *   <li>{@link Result}: read a Completed job's output, rendered by {@link ResponseRenderer#result}.</li>
 *   <li>{@link Terminate}: request termination, rendered by {@link ResponseRenderer#terminationAccepted}.</li>
 *   <li>{@link Respond}: answer exactly this (validation errors in the service's own format);
 *       {@link Reject}: answer a problem through the route's renderer.</li>
 *   <li>{@link Decline}: not for this route; the filter passes the request down the chain.</li>
 * </ul>
 *
 * <p>A {@code HEAD} request reaches the {@code GET} routes; an action that would change something
 * (a submit or a termination) is then answered {@code 405}, as {@code HEAD} must be safe.
 */
public sealed interface RouteAction {

    /**
     * Submits a job whose input is a value, converted to JSON by the engine.
     *
     * @param type  the job type
     * @param input the input; null only if the job type accepts a null input
     */
    record Submit(String type, Object input) implements RouteAction {
        /**
         * Creates the action.
         *
         * @param type  the job type
         * @param input the input
         * @throws NullPointerException if {@code type} is null
         */
        public Submit {
            Objects.requireNonNull(type, "type cannot be null");
        }
    }

    /**
     * Submits a job whose input is JSON text, such as a request body; text that is not well-formed JSON is
     * answered with {@link ProblemType#MALFORMED_JSON}, JSON that does not fit the input with
     * {@link ProblemType#INVALID_INPUT}. The text is parsed once, by the engine.
     *
     * @param type      the job type
     * @param inputJson the input as JSON text
     */
    record SubmitJson(String type, String inputJson) implements RouteAction {
        /**
         * Creates the action.
         *
         * @param type      the job type
         * @param inputJson the input as JSON text
         * @throws NullPointerException if an argument is null
         */
        public SubmitJson {
            Objects.requireNonNull(type, "type cannot be null");
            Objects.requireNonNull(inputJson, "inputJson cannot be null");
        }

        @Override
        public String toString() {
            return "SubmitJson[type=" + type + ", " + inputJson.length() + " characters]";
        }
    }

    /**
     * Reads the status of one of the caller's jobs.
     *
     * @param id the job id as the request gave it (a malformed id is "not found")
     */
    record Status(String id) implements RouteAction {
        /**
         * Creates the action.
         *
         * @param id the job id
         * @throws NullPointerException if {@code id} is null
         */
        public Status {
            Objects.requireNonNull(id, "id cannot be null");
        }
    }

    /**
     * Reads the output of one of the caller's Completed jobs.
     *
     * @param id the job id as the request gave it
     */
    record Result(String id) implements RouteAction {
        /**
         * Creates the action.
         *
         * @param id the job id
         * @throws NullPointerException if {@code id} is null
         */
        public Result {
            Objects.requireNonNull(id, "id cannot be null");
        }
    }

    /**
     * Requests termination of one of the caller's jobs.
     *
     * @param id the job id as the request gave it
     */
    record Terminate(String id) implements RouteAction {
        /**
         * Creates the action.
         *
         * @param id the job id
         * @throws NullPointerException if {@code id} is null
         */
        public Terminate {
            Objects.requireNonNull(id, "id cannot be null");
        }
    }

    /**
     * Answers with exactly this response. No job is created.
     *
     * @param response the response
     */
    record Respond(RouteResponse response) implements RouteAction {
        /**
         * Creates the action.
         *
         * @param response the response
         * @throws NullPointerException if {@code response} is null
         */
        public Respond {
            Objects.requireNonNull(response, "response cannot be null");
        }
    }

    /**
     * Answers with a problem, rendered by the route's {@link ResponseRenderer#problem}. No job is created.
     *
     * @param problem the problem
     */
    record Reject(Problem problem) implements RouteAction {
        /**
         * Creates the action.
         *
         * @param problem the problem
         * @throws NullPointerException if {@code problem} is null
         */
        public Reject {
            Objects.requireNonNull(problem, "problem cannot be null");
        }
    }

    /** Declines the request: the filter passes it down the chain (the servlet answers 404). */
    record Decline() implements RouteAction {
    }

    /**
     * Submits a job whose input is a value; see {@link Submit}.
     *
     * @param type  the job type
     * @param input the input; null only if the job type accepts a null input
     * @return the action
     * @throws NullPointerException if {@code type} is null
     */
    static RouteAction submit(String type, Object input) {
        return new Submit(type, input);
    }

    /**
     * Submits a job whose input is JSON text; see {@link SubmitJson}.
     *
     * @param type      the job type
     * @param inputJson the input as JSON text
     * @return the action
     * @throws NullPointerException if an argument is null
     */
    static RouteAction submitJson(String type, String inputJson) {
        return new SubmitJson(type, inputJson);
    }

    /**
     * Reads the status of one of the caller's jobs; see {@link Status}.
     *
     * @param id the job id as the request gave it
     * @return the action
     * @throws NullPointerException if {@code id} is null
     */
    static RouteAction status(String id) {
        return new Status(id);
    }

    /**
     * Reads the output of one of the caller's Completed jobs; see {@link Result}.
     *
     * @param id the job id as the request gave it
     * @return the action
     * @throws NullPointerException if {@code id} is null
     */
    static RouteAction result(String id) {
        return new Result(id);
    }

    /**
     * Requests termination of one of the caller's jobs; see {@link Terminate}.
     *
     * @param id the job id as the request gave it
     * @return the action
     * @throws NullPointerException if {@code id} is null
     */
    static RouteAction terminate(String id) {
        return new Terminate(id);
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
    static RouteAction reject(int status, String json) {
        return new Respond(RouteResponse.json(status, json));
    }

    /**
     * Answers with exactly this response; see {@link Respond}.
     *
     * @param response the response
     * @return the action
     * @throws NullPointerException if {@code response} is null
     */
    static RouteAction respond(RouteResponse response) {
        return new Respond(response);
    }

    /**
     * Answers with a problem rendered by the route's renderer; see {@link Reject}.
     *
     * @param problem the problem
     * @return the action
     * @throws NullPointerException if {@code problem} is null
     */
    static RouteAction problem(Problem problem) {
        return new Reject(problem);
    }

    /**
     * Declines the request; see {@link Decline}.
     *
     * @return the action
     */
    static RouteAction decline() {
        return new Decline();
    }
}

/**
 * The asynchronous request-reply HTTP contract as a Jakarta Servlet 6 filter ({@link dev.asyncapi.servlet.AsyncJobsFilter})
 * or servlet ({@link dev.asyncapi.servlet.AsyncJobsServlet}), configured by {@link dev.asyncapi.servlet.AsyncJobsHttp}.
 *
 * <p>Extension points: {@link dev.asyncapi.servlet.RequestMapper} turns a request into a
 * {@link dev.asyncapi.servlet.RouteAction}, {@link dev.asyncapi.servlet.ResponseRenderer} shapes the answers, and
 * {@link dev.asyncapi.servlet.Route} binds both to a method and path template; {@link dev.asyncapi.servlet.OwnerResolver}
 * binds jobs to principals.
 */
package dev.asyncapi.servlet;

package dev.asyncapi.docs.examples;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

// tag::getting-started-web-listener[]
@WebListener
public class JobsListener implements ServletContextListener {
    private AsyncJobs jobs;
    public void contextInitialized(ServletContextEvent e) {
        jobs = AsyncJobs.builder().register("count", CountRequest.class, Long.class, Handlers::count).build();
        e.getServletContext().setAttribute(AsyncJobsHttp.DEFAULT_JOBS_ATTRIBUTE, jobs);
    }
    public void contextDestroyed(ServletContextEvent e) {
        jobs.close();
    }
}
// end::getting-started-web-listener[]

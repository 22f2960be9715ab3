package dev.asyncapi.spring.boot.internal;

import dev.asyncapi.spring.boot.InvalidAsyncApiPropertyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link InvalidAsyncApiPropertyException} into Spring Boot's "APPLICATION FAILED TO START" report. */
public final class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAsyncApiPropertyException> {

    /** Created by Spring Boot from {@code META-INF/spring.factories}. */
    public InvalidPropertyFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidAsyncApiPropertyException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct " + cause.property() + " in application.properties (or the environment); docs/spring-boot.md"
                        + " lists every asyncapi.* property with its default.", cause);
    }
}

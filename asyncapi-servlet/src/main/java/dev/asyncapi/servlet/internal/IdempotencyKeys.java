package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.ProblemType;

import java.util.Enumeration;
import java.util.Optional;

/** Reads the {@code Idempotency-Key} header: at most one, 1 to 255 printable ASCII characters. */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static Optional<String> parse(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return Optional.empty();
        }
        String key = values.nextElement();
        if (values.hasMoreElements()) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, "Send at most one Idempotency-Key header.");
        }
        if (key.isEmpty() || key.length() > SubmitOptions.MAX_IDEMPOTENCY_KEY_LENGTH
                || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, "Idempotency-Key must be 1 to "
                    + SubmitOptions.MAX_IDEMPOTENCY_KEY_LENGTH + " printable ASCII characters.");
        }
        return Optional.of(key);
    }
}

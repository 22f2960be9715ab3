package dev.asyncapi.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubmitOptionsTest {

    @Test
    void noneHasNothing() {
        assertThat(SubmitOptions.none().id()).isEmpty();
        assertThat(SubmitOptions.none().idempotencyKey()).isEmpty();
        assertThat(SubmitOptions.none().owner()).isEmpty();
    }

    @Test
    void keepsWhatWasSet() {
        SubmitOptions options = SubmitOptions.builder().id("my-job_1").idempotencyKey("k-1").owner("alice").build();

        assertThat(options.id()).contains("my-job_1");
        assertThat(options.idempotencyKey()).contains("k-1");
        assertThat(options.owner()).contains("alice");
    }

    @Test
    void rejectsMalformedIdNamingIt() {
        assertThatThrownBy(() -> SubmitOptions.builder().id("../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../etc/passwd'");
        assertThatThrownBy(() -> SubmitOptions.builder().id(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubmitOptions.builder().id("a".repeat(JobIds.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aaaa");
    }

    @Test
    void rejectsBadIdempotencyKeysNamingThem() {
        assertThatThrownBy(() -> SubmitOptions.builder().idempotencyKey(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("''");
        assertThatThrownBy(() -> SubmitOptions.builder().idempotencyKey("tab\there"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tab");
        assertThatThrownBy(() -> SubmitOptions.builder().idempotencyKey("k".repeat(SubmitOptions.MAX_IDEMPOTENCY_KEY_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kkk");
        assertThatThrownBy(() -> SubmitOptions.builder().idempotencyKey(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("idempotencyKey");
        assertThat(SubmitOptions.builder().idempotencyKey("k".repeat(SubmitOptions.MAX_IDEMPOTENCY_KEY_LENGTH)).build()
                .idempotencyKey()).isPresent();
    }

    @Test
    void rejectsBlankOrLongOwnerNamingIt() {
        assertThatThrownBy(() -> SubmitOptions.builder().owner("   "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'   '");
        assertThatThrownBy(() -> SubmitOptions.builder().owner("o".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ooo");
        assertThatThrownBy(() -> SubmitOptions.builder().owner(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("owner");
    }

    @Test
    void toStringHidesTheIdempotencyKey() {
        assertThat(SubmitOptions.builder().idempotencyKey("secret-key").build().toString()).doesNotContain("secret-key");
    }
}

package dev.asyncapi.core;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobIdsTest {

    @Test
    void newIdsAre32LowercaseHexDigits() {
        for (int i = 0; i < 100; i++) {
            assertThat(JobIds.newId()).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void newIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(JobIds.newId());
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void wellFormedIdsAreOneTo64UrlSafeCharacters() {
        assertThat(JobIds.isWellFormed(JobIds.newId())).isTrue();
        assertThat(JobIds.isWellFormed("a")).isTrue();
        assertThat(JobIds.isWellFormed("A-z_0".repeat(12) + "abcd")).isTrue();
        assertThat(JobIds.isWellFormed("a".repeat(65))).isFalse();
        assertThat(JobIds.isWellFormed("")).isFalse();
        assertThat(JobIds.isWellFormed(null)).isFalse();
        assertThat(JobIds.isWellFormed("a b")).isFalse();
        assertThat(JobIds.isWellFormed("a/b")).isFalse();
        assertThat(JobIds.isWellFormed("a'b")).isFalse();
        assertThat(JobIds.isWellFormed("é")).isFalse();
    }

    @Test
    void requireWellFormedNamesTheBadValue() {
        assertThatThrownBy(() -> JobIds.requireWellFormed("bad id"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad id'");
        assertThatThrownBy(() -> JobIds.requireWellFormed(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThat(JobIds.requireWellFormed("ok-1")).isEqualTo("ok-1");
    }
}

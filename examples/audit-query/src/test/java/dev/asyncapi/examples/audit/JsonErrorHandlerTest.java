package dev.asyncapi.examples.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.BadMessageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonErrorHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aServerFaultNamesNeitherTheExceptionClassNorItsMessage() throws Exception {
        String body = JsonErrorHandler.problem(500, new IllegalStateException("password=hunter2"));

        assertThat(body).doesNotContain("IllegalStateException").doesNotContain("hunter2").doesNotContain("java.");
        assertThat(JSON.readTree(body)).isEqualTo(JSON.createObjectNode()
                .put("type", "https://asyncapi.dev/problems/internal-error").put("title", "Internal server error")
                .put("status", 500).put("detail", "The server could not answer this request."));
    }

    @Test
    void aReasonJettyGaveIsTheDetailUnlessItOnlyRepeatsTheStatus() throws Exception {
        JsonNode specific = JSON.readTree(JsonErrorHandler.problem(400, new BadMessageException("Ambiguous URI path separator")));
        JsonNode generic = JSON.readTree(JsonErrorHandler.problem(400, new BadMessageException(400)));

        assertThat(specific.path("detail").asText()).isEqualTo("Ambiguous URI path separator");
        assertThat(generic.path("detail").asText()).isEqualTo("The request is malformed.");
    }

    @Test
    void aStatusWithoutALibraryTypeGetsATypeNamedAfterItsReasonPhrase() throws Exception {
        JsonNode problem = JSON.readTree(JsonErrorHandler.problem(505, null));

        assertThat(problem.path("type").asText()).isEqualTo("https://asyncapi.dev/problems/http-version-not-supported");
        assertThat(problem.path("title").asText()).isEqualTo("HTTP Version Not Supported");
        assertThat(problem.path("status").asInt()).isEqualTo(505);
    }
}

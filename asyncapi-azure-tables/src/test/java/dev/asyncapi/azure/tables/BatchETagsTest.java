package dev.asyncapi.azure.tables;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.util.Context;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BatchETagsTest {

    private static final String JOB_ETAG = "W/\"datetime'2030-01-01T00%3A00%3A00.1234567Z'\"";
    private static final String DUE_ETAG = "W/\"datetime'2030-01-01T00%3A00%3A00.7654321Z'\"";

    /** A transaction answer as Azurite and the service send it: job replaced, due row deleted, due row upserted. */
    private static String answer(String eol, String etagHeader) {
        String changeset = "changesetresponse_5a0e";
        return String.join(eol,
                "--batchresponse_9c1d", "Content-Type: multipart/mixed; boundary=" + changeset, "",
                "--" + changeset, "Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
                "HTTP/1.1 204 No Content", "X-Content-Type-Options: nosniff", "Cache-Control: no-cache",
                "DataServiceVersion: 3.0;", etagHeader + " " + JOB_ETAG, "",
                "--" + changeset, "Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
                "HTTP/1.1 204 No Content", "DataServiceVersion: 1.0;", "",
                "--" + changeset, "Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
                "HTTP/1.1 204 No Content", etagHeader + DUE_ETAG, "",
                "--" + changeset + "--", "--batchresponse_9c1d--", "");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsOneETagPerSubResponseInOrder() {
        assertThat(BatchETags.parse(bytes(answer("\r\n", "ETag:")))).containsExactly(JOB_ETAG, null, DUE_ETAG);
    }

    @Test
    void acceptsBareLineFeedsAndAnyCaseOfTheHeaderName() {
        assertThat(BatchETags.parse(bytes(answer("\n", "etag:")))).containsExactly(JOB_ETAG, null, DUE_ETAG);
        assertThat(BatchETags.parse(bytes(answer("\r\n", "ETAG:")))).containsExactly(JOB_ETAG, null, DUE_ETAG);
    }

    @Test
    void ignoresETagsBeforeTheFirstSubResponseAndLookalikeHeaders() {
        String body = "ETag: W/\"outer\"\r\nHTTP/1.1 201 Created\r\nETagged: no\r\nX-ETag: no\r\n\r\n";
        assertThat(BatchETags.parse(bytes(body))).containsExactly((String) null);
        assertThat(BatchETags.parse(new byte[0])).isEmpty();
        assertThat(BatchETags.parse(bytes("HTTP/1.1 204 No Content"))).containsExactly((String) null);
    }

    @Test
    void repairsAzuritesUnterminatedWeakETag() {
        String body = "HTTP/1.1 201 Created\r\nETag: W/\"datetime'2030-01-01T00%3A00%3A00Z'\r\n\r\n";
        assertThat(BatchETags.parse(bytes(body))).containsExactly("W/\"datetime'2030-01-01T00%3A00%3A00Z'\"");
    }

    @Test
    void anEmptyETagHeaderIsAnErrorNotAVersion() {
        assertThatIllegalStateException().isThrownBy(() -> BatchETags.parse(bytes("HTTP/1.1 204 No Content\r\nETag:\r\n")));
    }

    @Test
    void thePolicyFillsTheSinkOfACallThatAsksForItSyncAndAsync() {
        String body = answer("\r\n", "ETag:");
        HttpPipeline pipeline = new HttpPipelineBuilder().policies(new BatchETags())
                .httpClient(request -> reactor.core.publisher.Mono.just(new FixedResponse(202, body))).build();
        HttpRequest request = new HttpRequest(HttpMethod.POST, "http://127.0.0.1/devstoreaccount1/$batch");

        BatchETags.Sink sync = BatchETags.newSink();
        try (var response = pipeline.sendSync(request, sync.context())) {
            assertThat(response.getBodyAsBinaryData().toBytes()).as("the SDK can still read the body")
                    .isEqualTo(bytes(body));
        }
        assertThat(Arrays.asList(sync.etag(0).orElseThrow(), sync.etag(1).orElse(null), sync.etag(2).orElseThrow()))
                .containsExactly(JOB_ETAG, null, DUE_ETAG);
        assertThat(sync.etag(3)).isEmpty();

        BatchETags.Sink async = BatchETags.newSink();
        pipeline.send(request, async.context()).block();
        assertThat(async.etag(0)).hasValue(JOB_ETAG);
        assertThat(async.etag(2)).hasValue(DUE_ETAG);

        BatchETags.Sink untouched = BatchETags.newSink();
        pipeline.sendSync(request, Context.NONE).close();
        assertThat(untouched.etag(0)).as("a call without a sink is passed through").isEmpty();
    }
}

package no.ranselpost.http.problems.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

class ProblemErrorHandlerTest {

    @Test
    void aBadMessageIsAProblemThatEchoesNothing() {
        HttpFields fields = new HttpFields();
        java.nio.ByteBuffer body = new ProblemErrorHandler().badMessageError(431, "Request Header Fields Too Large: <script>", fields);
        assertEquals("application/problem+json", fields.get(HttpHeader.CONTENT_TYPE));
        String json = StandardCharsets.UTF_8.decode(body).toString();
        assertTrue(json.contains("\"status\":431"), json);
        assertFalse(json.contains("script"), json);
    }
}

package no.ranselpost.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

class ProblemExceptionMapperTest {

    record Body(String username, Integer count) {
    }

    private final ObjectMapper mapper = JsonMapping.objectMapper();

    private String problemFor(String json) {
        try {
            mapper.readValue(json, Body.class);
        } catch (JsonProcessingException e) {
            Response r = new ProblemExceptionMapper().toResponse(e);
            assertEquals(400, r.getStatus());
            assertEquals(Problem.MEDIA_TYPE, r.getMediaType().toString());
            return ((Problem) r.getEntity()).detail();
        }
        throw new AssertionError("no error for " + json);
    }

    @Test
    void saysWhatIsWrongWithABodyWithoutEchoingIt() {
        assertEquals("Unknown field 'secret' in the request body", problemFor("{\"secret\": \"27850998855\"}"));
        assertTrue(problemFor("{\"username\": ").startsWith("The request body is not valid JSON"));
        String wrongType = problemFor("{\"count\": \"27850998855x\"}");
        assertTrue(wrongType.contains("count"), wrongType);
        assertFalse(wrongType.contains("27850998855"), wrongType);
    }

    @Test
    void internalErrorsGetAReferenceAndNoDetails() {
        Response r = new ProblemExceptionMapper().toResponse(new IllegalStateException("something with 27850998855"));
        assertEquals(500, r.getStatus());
        Problem p = (Problem) r.getEntity();
        assertTrue(p.detail().startsWith("Internal error; reference "));
        assertFalse(p.detail().contains("27850998855"));
    }

    @Test
    void keepsTheStatusOfWebApplicationExceptions() {
        Response r = new ProblemExceptionMapper().toResponse(new javax.ws.rs.NotFoundException());
        assertEquals(404, r.getStatus());
        assertEquals("No such resource", ((Problem) r.getEntity()).detail());
    }

    @Test
    void aTooLargeUploadIs413AndTooManyAttempts429WithRetryAfter() {
        Response large = new ProblemExceptionMapper().toResponse(new no.ranselpost.core.api.PayloadTooLargeException("The file is too large"));
        assertEquals(413, large.getStatus());
        assertEquals(Problem.MEDIA_TYPE, large.getMediaType().toString());
        Response limited = new ProblemExceptionMapper().toResponse(
                new no.ranselpost.core.api.identity.TooManyAttemptsException("too many", 42));
        assertEquals(429, limited.getStatus());
        assertEquals("42", limited.getHeaderString("Retry-After"));
        assertEquals(Problem.MEDIA_TYPE, limited.getMediaType().toString());
    }

    @Test
    void contentOfATypeNotTakenIs415() {
        Response r = new ProblemExceptionMapper().toResponse(
                new no.ranselpost.core.api.UnsupportedContentTypeException("Content of type application/x-executable is not accepted"));
        assertEquals(415, r.getStatus());
        assertEquals(Problem.MEDIA_TYPE, r.getMediaType().toString());
        assertEquals("Content of type application/x-executable is not accepted", ((Problem) r.getEntity()).detail());
    }
}

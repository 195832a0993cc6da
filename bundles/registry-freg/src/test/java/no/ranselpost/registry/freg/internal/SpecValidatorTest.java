package no.ranselpost.registry.freg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.models.PathItem;

/** The test-only validator is not vacuous: it catches what a wrong fake would send. */
class SpecValidatorTest {

    private static final String PERSON = "folkeregisteret.tilgjengeliggjoering.person.v1.Folkeregisterperson";
    private final ObjectMapper json = new ObjectMapper();

    private SpecValidator spec() throws Exception {
        return new SpecValidator(Path.of(getClass().getResource("/freg/freg-offentlig-med-hjemmel-v1.5.openapi.yaml").toURI()));
    }

    private List<String> person(String body) throws Exception {
        SpecValidator s = spec();
        return s.validate(s.component(PERSON), json.readTree(body));
    }

    @Test
    void acceptsAValidDocumentAndRejectsWhatTheSpecDoesNotSay() throws Exception {
        assertEquals(List.of(), person("{\"doedsfall\":{\"erGjeldende\":true,\"doedsdato\":\"2024-05-01\"},"
                + "\"foreldreansvar\":[{\"ansvar\":\"felles\",\"ansvarlig\":\"x\",\"erGjeldende\":true}]}"));
        assertTrue(person("{\"doedsfall\":[{\"erGjeldende\":true}]}").get(0).contains("expected an object"));
        assertTrue(person("{\"foreldreansvar\":[{\"ansvar\":\"begge\"}]}").get(0).contains("is not one of"));
        assertTrue(person("{\"foreldreansvar\":[{\"ansvarlig\":\"x\"}]}").get(0).contains("required property 'ansvar'"));
        assertTrue(person("{\"navn\":[{\"fornavn\":\"A\",\"etternavn\":\"B\",\"fornamn\":\"C\"}]}").get(0).contains("'fornamn'"));
        assertTrue(person("{\"foedsel\":[{\"foedselsaar\":\"2019\",\"foedselsdato\":\"14.03.2019\"}]}").get(0).contains("not a date"));
        assertTrue(person("{\"bostedsadresse\":[{\"adressegradering\":\"ugradert\",\"vegadresse\":{\"adressenavn\":\"V\","
                + "\"kommunenummer\":\"4601\",\"husnummer\":\"3\"}}]}").get(0).contains("'husnummer'"));
    }

    @Test
    void theFeedAndTheNewestSequenceNumberHaveTheirShapes() throws Exception {
        SpecValidator s = spec();
        assertEquals(List.of(), s.validate(s.response("/v1/hendelser/feed", PathItem.HttpMethod.GET),
                json.readTree("[{\"sekvensnummer\":5,\"hendelse\":{\"hendelsetype\":\"endringINavn\",\"folkeregisteridentifikator\":\"x\"}}]")));
        assertTrue(!s.validate(s.response("/v1/hendelser/feed", PathItem.HttpMethod.GET),
                json.readTree("[{\"sekvensnummer\":\"5\"}]")).isEmpty());
        assertEquals(List.of(), s.validate(s.response("/v1/hendelser/siste/sekvensnummer", PathItem.HttpMethod.GET), json.readTree("17")));
        assertTrue(!s.validate(s.response("/v1/hendelser/siste/sekvensnummer", PathItem.HttpMethod.GET), json.readTree("\"17\"")).isEmpty());
    }
}

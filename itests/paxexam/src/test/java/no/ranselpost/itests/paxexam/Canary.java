package no.ranselpost.itests.paxexam;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;

/** A resource registered without a declared action: the REST server must refuse to publish it. */
@Path("/canary")
public class Canary {

    @GET
    @Produces("text/plain")
    public String sing() {
        return "tweet";
    }
}

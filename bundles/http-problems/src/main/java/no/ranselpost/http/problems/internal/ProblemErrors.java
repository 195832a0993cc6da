package no.ranselpost.http.problems.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.osgi.service.component.annotations.Component;

/**
 * Pax Web adds a Jetty {@link Handler} registered as a service to its server; this one handles
 * no request (it passes every one on), and installs {@link ProblemErrorHandler} as the server's
 * error handler while it is there, putting back the one before when it goes.
 */
@Component(service = Handler.class)
public class ProblemErrors extends AbstractHandler {

    private ErrorHandler previous;

    @Override
    public void setServer(Server server) {
        Server old = getServer();
        if (old != null && server != old && previous != null && old.getErrorHandler() instanceof ProblemErrorHandler) {
            old.setErrorHandler(previous);
        }
        super.setServer(server);
        if (server != null && !(server.getErrorHandler() instanceof ProblemErrorHandler)) {
            previous = server.getErrorHandler();
            ProblemErrorHandler problems = new ProblemErrorHandler();
            problems.setServer(server);
            server.setErrorHandler(problems);
        }
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response) throws IOException {
        // handles nothing: only there for the error handler
    }
}

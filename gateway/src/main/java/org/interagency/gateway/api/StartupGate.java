package org.interagency.gateway.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.interagency.gateway.error.ErrorCode;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Responds with 503 and {@code Retry-After} until the whole gateway has started. Tomcat listens
 * before the routes run, and a message accepted then would find no route to take it.
 */
public class StartupGate extends OncePerRequestFilter implements ApplicationListener<ApplicationReadyEvent> {

    private final AtomicBoolean ready = new AtomicBoolean();
    private final OperationOutcomes outcomes;

    public StartupGate(OperationOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ready.set(true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (ready.get()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", "5");
        outcomes.write(response, ErrorCode.STARTING, "request to " + request.getRequestURI() + " before the gateway was ready");
    }
}

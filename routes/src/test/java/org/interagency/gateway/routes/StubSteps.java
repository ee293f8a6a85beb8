package org.interagency.gateway.routes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;

/**
 * Base of the stub beans the route tests bind under the real bean names. Each stub method
 * calls {@link #recordCall}, which stores the step with the body and headers it received and
 * throws when the test set the step to fail. The delivery and receipt stubs are called
 * from JMS listener threads, so the call list is thread-safe.
 */
public abstract class StubSteps {

    /** Header the broker sets to the number of this delivery attempt, starting at 1. */
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    /**
     * One call of a stub step: the body and a copy of the headers it received, and the
     * exception a catch block caught before the call, or null.
     */
    public record Call(String step, Object body, Map<String, Object> headers, Exception caught) {

        Object header(String name) {
            return headers.get(name);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    private record Failure(RuntimeException exception, AtomicInteger remaining) {
    }

    /** Makes {@code step} throw {@code exception} on each of its next {@code times} calls. */
    public void failOn(String step, int times, RuntimeException exception) {
        failures.put(step, new Failure(exception, new AtomicInteger(times)));
    }

    /** Makes {@code step} throw {@code exception} on every call. */
    public void failAlwaysOn(String step, RuntimeException exception) {
        failOn(step, Integer.MAX_VALUE, exception);
    }

    /** Returns every call of every step of this stub, in the order they happened. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Returns the calls of {@code step}, in the order they happened. */
    public List<Call> calls(String step) {
        return calls.stream().filter(call -> call.step().equals(step)).toList();
    }

    /** Returns the step names of every call, in the order they happened. */
    public List<String> steps() {
        return calls.stream().map(Call::step).toList();
    }

    protected void recordCall(String step, Exchange exchange) {
        calls.add(new Call(step, exchange.getMessage().getBody(), new HashMap<>(exchange.getMessage().getHeaders()),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));

        Failure failure = failures.get(step);
        if (failure != null && failure.remaining().getAndDecrement() > 0) {
            throw failure.exception();
        }
    }

    /**
     * Does what the gateway's {@code failOrRetry} steps do: rethrows the caught failure, so the
     * JMS transaction rolls back and the broker redelivers, while it is a
     * {@link RetryableFailure} and attempts remain; otherwise returns, so the route
     * dead-letters the message.
     */
    protected void rethrowIfRetryable(Exchange exchange, int maximumRedeliveries) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int attempt = exchange.getMessage().getHeader(DELIVERY_COUNT, 1, Integer.class);

        if (cause instanceof RetryableFailure && attempt <= maximumRedeliveries) {
            throw cause;
        }
    }

    /** A failure a retry can heal, such as a peer gateway that does not answer. */
    public static class RetryableFailure extends RuntimeException {

        public RetryableFailure(String message) {
            super(message);
        }
    }

    /** A failure no retry can heal, such as a receipt with an invalid signature. */
    public static class PermanentFailure extends RuntimeException {

        public PermanentFailure(String message) {
            super(message);
        }
    }
}

package io.github.ccrhil.web;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The browsers watching one page, fed by server-sent events. A client that has gone away is
 * dropped at the next broadcast; one slow or broken client never stops the others.
 */
public final class SseHub {

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private volatile String last;
    private volatile String lastEvent;

    /** Registers a new client and sends it the latest event at once. For {@code routes.sse(path, hub::accept)}. */
    public void accept(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        String l = last;
        if (l != null) {
            send(client, lastEvent, l);
        }
    }

    /** Sends one event to every client. */
    public void broadcast(String event, String data) {
        lastEvent = event;
        last = data;
        for (SseClient c : clients) {
            send(c, event, data);
        }
    }

    private void send(SseClient c, String event, String data) {
        if (c.terminated()) {
            clients.remove(c);
            return;
        }
        try {
            c.sendEvent(event, data);
            sent.incrementAndGet();
        } catch (RuntimeException e) {
            clients.remove(c);
        }
    }

    public int clientCount() {
        return clients.size();
    }

    /** Events sent, all clients together. */
    public long eventsSent() {
        return sent.get();
    }
}

package io.github.ccrhil.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A served CCR's display panel page ({@code serve --panel-web}), pressed as a person at a browser
 * would: one session, one submission a key. The operator of the tests that turn a served CCR's key
 * switch or press its local step keys.
 */
public final class PanelPage {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private String session;
    private int submission;

    public PanelPage(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Presses {@code action} ({@code selector}, {@code step}, ...) with {@code value}; a refusal throws when it must be accepted. */
    public void press(String action, String value, boolean mustBeAccepted) throws DutException {
        try {
            if (session == null) {
                HttpResponse<String> s = http.send(HttpRequest.newBuilder(base.resolve("/api/session"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                session = new ObjectMapper().readTree(s.body()).path("session").asText();
            }
            String form = "session=" + enc(session) + "&action=" + enc(action) + "&value=" + enc(value)
                    + "&submission=" + (++submission);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/panel/command"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (mustBeAccepted && r.statusCode() != 200) {
                throw new DutException("the panel page did not take " + action + " " + value + ": " + r.body());
            }
        } catch (IOException e) {
            throw new DutException("the panel page did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DutException("interrupted at the panel page", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

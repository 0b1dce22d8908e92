package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import io.github.ccrhil.ccr.firmware.panel.PanelConfig;
import io.github.ccrhil.ccr.panelweb.FollowingPanelAccess;
import io.github.ccrhil.ccr.panelweb.PanelAccess;
import io.github.ccrhil.ccr.panelweb.PanelWebServer;
import io.github.ccrhil.ccr.verify.accept.dut.Dut;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcr;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/** {@code --panel-web host:port}: serve the CCR's display panel as a live web page (off unless given). */
final class PanelWebOption {

    @Option(names = "--panel-web", paramLabel = "<host:port>",
            description = "serve the display panel as a live web page here, e.g. 127.0.0.1:8080 (port 0: any free port; default: off)")
    String address;

    boolean enabled() {
        return address != null;
    }

    /** Checks the address before anything starts, so a bad one is one line and nothing is served. */
    void validate() {
        if (address != null) {
            parse(address);
        }
    }

    /** Starts the page when asked for, and prints where; null when off. */
    PanelWebServer start(PanelAccess access, PrintWriter out) {
        if (address == null) {
            return null;
        }
        PanelWebServer server = PanelWebServer.start(access, parse(address), PanelWebServer.Options.defaults());
        out.println("display panel: " + server.url());
        out.flush();
        return server;
    }

    /** Starts a monitoring-only page over {@code access} when asked for; null when off. */
    PanelWebServer startMonitor(PanelAccess access, PrintWriter out) {
        if (address == null) {
            return null;
        }
        PanelWebServer server = PanelWebServer.start(access, parse(address), PanelWebServer.Options.defaults().monitoringOnly());
        out.println("display panel (monitoring only): " + server.url());
        out.flush();
        return server;
    }

    /**
     * {@code session}, with {@code follow} pointed at the panel of each emulated CCR it opens (one per
     * test run). The page is monitoring only, so the panel never acts on the run; its clock is the
     * board's own (simulated time).
     */
    static Procedures.Session following(Procedures.Session session, FollowingPanelAccess follow) {
        Procedures.Session panelled = (point, seed, configure) -> {
            Dut dut = session.open(point, seed, configure);
            if (dut instanceof EmulatedCcr ccr) {
                ControlBoard board = ccr.firmware().board();
                follow.follow(PanelAccess.locked(new DisplayPanel(board, () -> board.status().at(), PanelConfig.defaults()),
                        ccr.lock()));
            }
            return dut;
        };
        if (session instanceof io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Source source) {
            return new LinkRecorded(panelled, source); // the link's record still reaches the bundle
        }
        return panelled;
    }

    private record LinkRecorded(Procedures.Session session, io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Source source)
            implements Procedures.Session, io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Source {
        @Override
        public Dut open(io.github.ccrhil.ccr.verify.accept.plan.Conditions.Point point, long seed,
                        io.github.ccrhil.ccr.verify.accept.dut.DutSettings configure)
                throws io.github.ccrhil.ccr.verify.accept.dut.DutException {
            return session.open(point, seed, configure);
        }

        @Override
        public java.util.List<io.github.ccrhil.ccr.verify.accept.bundle.LinkLog.Session> drainLinkSessions() {
            return source.drainLinkSessions();
        }
    }

    static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--panel-web must be host:port, was " + text);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--panel-web port is not a number: " + text);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--panel-web port outside 0..65535: " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, port);
    }
}

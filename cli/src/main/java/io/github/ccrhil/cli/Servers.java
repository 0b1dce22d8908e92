package io.github.ccrhil.cli;

import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import io.github.ccrhil.modbus.server.ServerCounters;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import java.io.IOException;

/** Starts a server on the link the options name. */
final class Servers {

    private Servers() {
    }

    interface Running extends AutoCloseable {
        ServerCounters counters();

        String where();

        @Override
        void close();
    }

    static Running start(LinkOptions link, ModbusServerCore core, int unitId) throws IOException {
        return start(link, core, unitId, null);
    }

    /** As above; with TLS the roles are those {@code profile} declares ({@code roles:}), else operators read, engineers write. */
    static Running start(LinkOptions link, ModbusServerCore core, int unitId, io.github.ccrhil.modbus.profile.Profile profile)
            throws IOException {
        link.requireExactlyOne();
        if (link.rtu != null) {
            ModbusRtuServer s = new ModbusRtuServer(core, JsscSerialPort.open(link.serial(), link.timing()), unitId);
            return new Running() {
                public ServerCounters counters() { return s.counters(); }
                public String where() { return link.describe(); }
                public void close() { s.close(); }
            };
        }
        io.github.ccrhil.modbus.tcp.TlsSettings tls = link.tls();
        // Modbus/TCP Security: roles from the client certificate, rights from the profile (default: operators read, engineers write)
        io.github.ccrhil.modbus.server.RolePolicy roles = profile == null ? null : profile.rolePolicy().orElse(null);
        ModbusTcpServer s = tls == null ? new ModbusTcpServer(core, link.tcpAddress(), unitId, link.limits())
                : ModbusTcpServer.secure(core, link.tcpAddress(), unitId, link.limits(), tls,
                        roles != null ? roles : io.github.ccrhil.modbus.server.RolePolicy.operatorAndEngineer());
        return new Running() {
            public ServerCounters counters() { return s.counters(); }
            public String where() { return (s.isSecure() ? "TLS " : "TCP ") + s.address().getHostString() + ":" + s.port(); }
            public void close() { s.close(); }
        };
    }

    /** Waits for the duration, or forever (until the process is stopped) when null. */
    static void await(java.time.Duration duration) throws InterruptedException {
        if (duration == null) {
            new java.util.concurrent.CountDownLatch(1).await();
        } else {
            Thread.sleep(duration.toMillis());
        }
    }
}

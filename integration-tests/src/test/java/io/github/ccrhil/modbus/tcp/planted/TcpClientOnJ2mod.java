package io.github.ccrhil.modbus.tcp.planted;

import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import java.net.InetAddress;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class TcpClientOnJ2mod {

    private TcpClientOnJ2mod() { }

    public static String use() {
        return new TCPMasterConnection(InetAddress.getLoopbackAddress()).toString();
    }
}

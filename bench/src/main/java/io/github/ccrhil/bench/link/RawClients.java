package io.github.ccrhil.bench.link;

import io.github.ccrhil.modbus.pdu.Crc16;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Minimal clients for one request shape (FC 03, 4 registers from 0), so that the benchmarks
 * measure the servers, not a client library. Each call checks the answer's length, ids and CRC.
 */
final class RawClients {

    static final byte[] READ_4 = {0x03, 0, 0, 0, 4};

    private RawClients() {
    }

    static final class Tcp implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;
        private final byte[] answer = new byte[7 + 2 + 8];
        private int tid;

        Tcp(InetSocketAddress server) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(2000);
            socket.connect(server, 2000);
            out = socket.getOutputStream();
            in = new DataInputStream(socket.getInputStream());
        }

        /** One FC 03 transaction; returns the first register. */
        int read4() throws IOException {
            tid = (tid + 1) & 0xFFFF;
            out.write(MbapHeader.frame(tid, 1, READ_4));
            in.readFully(answer);
            int gotTid = ((answer[0] & 0xFF) << 8) | (answer[1] & 0xFF);
            if (gotTid != tid || answer[7] != 0x03) {
                throw new IOException("unexpected answer: tid " + gotTid + " fc " + answer[7]);
            }
            return ((answer[9] & 0xFF) << 8) | (answer[10] & 0xFF);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static final class Rtu implements AutoCloseable {
        private final JsscSerialPort port;
        private final byte[] request = Crc16.rtuFrame(1, READ_4);
        private final byte[] answer = new byte[13];

        Rtu(JsscSerialPort port) {
            this.port = port;
        }

        int read4() throws IOException {
            port.writeFrame(request);
            int got = 0;
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (got < answer.length) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("timeout after " + got + " bytes");
                }
                got += port.read(answer, got, answer.length - got, left);
            }
            if (!Crc16.check(answer, 0, answer.length) || answer[1] != 0x03) {
                throw new IOException("bad answer");
            }
            return ((answer[3] & 0xFF) << 8) | (answer[4] & 0xFF);
        }

        @Override
        public void close() {
            port.close();
        }
    }
}

#!/usr/bin/python3
"""Interoperability peer: pymodbus's TLS client (Modbus/TCP Security) against a ccr-hil server.
Prints one "key=value" line per observation; the Java test judges.

    /usr/bin/python3 pymodbus_tls_client.py HOST PORT UNIT CA_PEM CERT_PEM KEY_PEM [TLSv1_2|TLSv1_3]

The client presents CERT_PEM/KEY_PEM and checks the server's certificate against CA_PEM. It reads
holding register PEER_READ_ADDRESS (default 4) and writes PEER_WRITE_VALUE (default 0xBEEF) to
holding register PEER_WRITE_ADDRESS (default 2), printing readN= and writeN= with those addresses.

Two quirks of Debian's pymodbus 3.0.0rc1, both worked around here:
- Modbus/TCP Security carries the MBAP header inside TLS; pymodbus's default TLS framer sends the
  bare PDU, so the standard socket framer (MBAP) is passed explicitly.
- The synchronous ModbusTlsClient reads a non-blocking SSL socket after select(), and fails with
  SSLWantReadError ("The operation did not complete (read)") against any TLS server whose record
  has not fully arrived; the asyncio client (AsyncModbusTlsClient) is used instead.
"""
import asyncio
import logging
import os
import ssl
import sys

from pymodbus.client import AsyncModbusTlsClient
from pymodbus.framer.socket_framer import ModbusSocketFramer


def code(response):
    c = getattr(response, "exception_code", None)
    return c if c is not None else repr(response).replace("\n", " ")


async def run(host, port, unit, ctx):
    client = AsyncModbusTlsClient(host, port=port, sslctx=ctx, framer=ModbusSocketFramer, timeout=3, retries=0,
                                  reconnect_delay=0)
    try:
        await asyncio.wait_for(client.connect(), 5)
    except Exception as e:  # pylint: disable=broad-except
        print("connect=refused:" + type(e).__name__)
        return
    if not client.connected:
        print("connect=refused")
        return
    print("connect=ok")
    transport = getattr(client.protocol, "transport", None)
    sslobj = transport.get_extra_info("ssl_object") if transport else None
    # None once the server has ended the session (TLS 1.3: it may refuse our certificate after our side finished)
    version = sslobj.version() if sslobj else None
    print("tls=" + (version or "unknown"))
    ra = int(os.environ.get("PEER_READ_ADDRESS", "4"))
    wa = int(os.environ.get("PEER_WRITE_ADDRESS", "2"))
    wv = int(os.environ.get("PEER_WRITE_VALUE", str(0xBEEF)))
    try:
        r = await asyncio.wait_for(client.read_holding_registers(ra, 1, slave=unit), 5)
        print("read%d=" % ra + (str(r.registers[0]) if not r.isError() else "exception:" + str(code(r))))
    except Exception as e:  # pylint: disable=broad-except
        print("read%d=failed:" % ra + type(e).__name__)
    try:
        w = await asyncio.wait_for(client.write_register(wa, wv, slave=unit), 5)
        print("write%d=" % wa + ("ok" if not w.isError() else "exception:" + str(code(w))))
    except Exception as e:  # pylint: disable=broad-except
        print("write%d=failed:" % wa + type(e).__name__)
    await client.close() if asyncio.iscoroutinefunction(client.close) else client.close()


def main():
    if len(sys.argv) not in (7, 8):
        print(__doc__, file=sys.stderr)
        return 2
    if os.environ.get("PYMODBUS_DEBUG"):
        logging.basicConfig(level=logging.DEBUG, stream=sys.stdout)
        logging.getLogger("pymodbus").setLevel(logging.DEBUG)
    host, port, unit, ca, cert, key = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if len(sys.argv) == 8:
        ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion[sys.argv[7]]
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(cafile=ca)
    ctx.load_cert_chain(certfile=cert, keyfile=key)
    asyncio.run(run(host, port, unit, ctx))
    return 0


if __name__ == "__main__":
    sys.exit(main())

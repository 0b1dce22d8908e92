#!/usr/bin/python3
"""Interoperability peer: a pymodbus client against a ccr-hil server holding the reference CCR
profile. Prints one "key=value" line per observation; the Java test judges.

    /usr/bin/python3 pymodbus_client.py tcp HOST PORT UNIT
    /usr/bin/python3 pymodbus_client.py rtu DEVICE BAUD UNIT

Run with Debian's python3 (python3-pymodbus 3.0): the client helpers take slave=, but request
objects passed to execute() and readwrite_registers() still take unit= in 3.0.0rc1 (else unit 0,
a broadcast, which an RTU server must not answer).
"""
import logging
import os
import sys

from pymodbus.client import ModbusSerialClient, ModbusTcpClient
from pymodbus.mei_message import ReadDeviceInformationRequest
from pymodbus.other_message import ReportSlaveIdRequest


def code(response):
    c = getattr(response, "exception_code", None)
    return c if c is not None else repr(response).replace("\n", " ")


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    if os.environ.get("PYMODBUS_DEBUG"):
        logging.basicConfig(level=logging.DEBUG, stream=sys.stdout)
        logging.getLogger("pymodbus").setLevel(logging.DEBUG)
    mode, where, port_or_baud, unit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if mode == "tcp":
        client = ModbusTcpClient(where, port=port_or_baud, timeout=2, retries=0)
    else:
        client = ModbusSerialClient(where, baudrate=port_or_baud, parity="N", stopbits=1, bytesize=8,
                                    timeout=2, retries=0)
    if not client.connect():
        print("cannot connect", file=sys.stderr)
        return 2
    try:
        r = client.read_input_registers(3, 1, slave=unit)
        print("current_before=%d" % r.registers[0] if not r.isError() else "current_before_error=%s" % r)
        r = client.write_register(0, 4, slave=unit)
        print("write_step=ok" if not r.isError() else "write_step_error=%s" % code(r))
        r = client.read_holding_registers(0, 1, slave=unit)
        print("step_readback=%d" % r.registers[0])
        r = client.read_input_registers(3, 1, slave=unit)
        print("current_after=%d" % r.registers[0])
        r = client.readwrite_registers(read_address=0, read_count=1, write_address=0, write_registers=[3], unit=unit)
        print("fc23_readback=%d" % r.registers[0] if not r.isError() else "fc23_error=%s" % code(r))
        r = client.read_holding_registers(2, 1, slave=unit)
        print("bad_address_exception=%s" % code(r))
        r = client.write_register(0, 9, slave=unit)
        print("bad_value_exception=%s" % code(r))
        # FC 17 (report server id), which the reference CCR does not implement
        r = client.execute(ReportSlaveIdRequest(unit=unit))
        print("bad_function_exception=%s" % code(r))
        r = client.execute(ReadDeviceInformationRequest(read_code=3, object_id=0, unit=unit))
        if r.isError():
            print("device_id_error=%s" % code(r))
        else:
            for oid in sorted(r.information):
                value = r.information[oid]
                if isinstance(value, bytes):
                    value = value.decode("ascii")
                print("device_id_%d=%s" % (oid, value))
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

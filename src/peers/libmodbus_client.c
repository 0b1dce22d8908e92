/*
 * Interoperability peer: a libmodbus client that exercises a ccr-hil server holding the
 * reference CCR profile. Prints one "key=value" line per observation; the Java test judges.
 *
 *   libmodbus_client tcp HOST PORT UNIT
 *   libmodbus_client rtu DEVICE BAUD UNIT
 *
 * Addresses (0-based) from reference-ccr.yaml: input 3 output_current, holding 0 command_step,
 * holding 2 is not mapped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <modbus.h>

static int code_of(int err) {
    return err > MODBUS_ENOBASE && err < MODBUS_ENOBASE + 20 ? err - MODBUS_ENOBASE : -err;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s tcp HOST PORT UNIT | rtu DEVICE BAUD UNIT\n", argv[0]);
        return 2;
    }
    modbus_t *ctx = strcmp(argv[1], "tcp") == 0
        ? modbus_new_tcp(argv[2], atoi(argv[3]))
        : modbus_new_rtu(argv[2], atoi(argv[3]), 'N', 8, 1);
    if (ctx == NULL || modbus_set_slave(ctx, atoi(argv[4])) != 0) {
        fprintf(stderr, "cannot create context: %s\n", modbus_strerror(errno));
        return 2;
    }
    modbus_set_response_timeout(ctx, 1, 0);
    if (modbus_connect(ctx) != 0) {
        fprintf(stderr, "cannot connect: %s\n", modbus_strerror(errno));
        modbus_free(ctx);
        return 2;
    }
    uint16_t reg[8];
    uint8_t raw[MODBUS_MAX_ADU_LENGTH];

    if (modbus_read_input_registers(ctx, 3, 1, reg) == 1) printf("current_before=%u\n", reg[0]);
    else printf("current_before_error=%s\n", modbus_strerror(errno));

    if (modbus_write_register(ctx, 0, 4) == 1) printf("write_step=ok\n");
    else printf("write_step_error=%d\n", code_of(errno));

    if (modbus_read_registers(ctx, 0, 1, reg) == 1) printf("step_readback=%u\n", reg[0]);
    if (modbus_read_input_registers(ctx, 3, 1, reg) == 1) printf("current_after=%u\n", reg[0]);

    /* FC 23: write step 3, read it back in the same transaction */
    uint16_t three = 3;
    if (modbus_write_and_read_registers(ctx, 0, 1, &three, 0, 1, reg) == 1) printf("fc23_readback=%u\n", reg[0]);
    else printf("fc23_error=%d\n", code_of(errno));

    if (modbus_read_registers(ctx, 2, 1, reg) == -1) printf("bad_address_exception=%d\n", code_of(errno));
    if (modbus_write_register(ctx, 0, 9) == -1) printf("bad_value_exception=%d\n", code_of(errno));
    if (modbus_report_slave_id(ctx, sizeof raw, raw) == -1) printf("bad_function_exception=%d\n", code_of(errno));

    modbus_close(ctx);
    modbus_free(ctx);
    return 0;
}

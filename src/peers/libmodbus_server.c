/*
 * Benchmark peer: a plain libmodbus server with 100 coils, discrete inputs, input and holding
 * registers, the baseline the ccr-hil server is compared with (bench/.../link).
 *
 *   libmodbus_server tcp PORT          (127.0.0.1, one client at a time)
 *   libmodbus_server rtu DEVICE BAUD   (unit 1, 8N1)
 *
 * Prints "ready" on stdout once listening; runs until killed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <modbus.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s tcp PORT | rtu DEVICE BAUD\n", argv[0]);
        return 2;
    }
    int tcp = strcmp(argv[1], "tcp") == 0;
    modbus_t *ctx = tcp ? modbus_new_tcp("127.0.0.1", atoi(argv[2]))
                        : modbus_new_rtu(argv[2], argc > 3 ? atoi(argv[3]) : 19200, 'N', 8, 1);
    if (ctx == NULL) {
        fprintf(stderr, "cannot create context: %s\n", modbus_strerror(errno));
        return 2;
    }
    modbus_mapping_t *map = modbus_mapping_new(100, 100, 100, 100);
    for (int i = 0; i < 100; i++) {
        map->tab_registers[i] = (uint16_t) i;
        map->tab_input_registers[i] = (uint16_t) (1000 + i);
    }
    uint8_t query[MODBUS_MAX_ADU_LENGTH];
    if (tcp) {
        int listener = modbus_tcp_listen(ctx, 4);
        if (listener < 0) {
            fprintf(stderr, "cannot listen: %s\n", modbus_strerror(errno));
            return 2;
        }
        printf("ready\n");
        fflush(stdout);
        for (;;) {
            if (modbus_tcp_accept(ctx, &listener) < 0) {
                continue;
            }
            for (;;) {
                int rc = modbus_receive(ctx, query);
                if (rc > 0) {
                    modbus_reply(ctx, query, rc, map);
                } else if (rc == -1) {
                    break; /* connection closed */
                }
            }
            modbus_close(ctx);
        }
    } else {
        modbus_set_slave(ctx, 1);
        if (modbus_connect(ctx) != 0) {
            fprintf(stderr, "cannot open %s: %s\n", argv[2], modbus_strerror(errno));
            return 2;
        }
        printf("ready\n");
        fflush(stdout);
        for (;;) {
            int rc = modbus_receive(ctx, query);
            if (rc > 0) {
                modbus_reply(ctx, query, rc, map);
            }
        }
    }
    return 0;
}

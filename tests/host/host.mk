# tests/host/host.mk - host unit tests: every tests/host/test_*.c becomes
# $(B)/host/test_*, linked with the simulated PC (SIM_SRCS), the module's
# portable C (HOST_PORTABLE_SRCS) and cmocka, built with ASan and UBSan.
#
# Included by the top-level Makefile, which sets B, HOSTCC and
# HOST_PORTABLE_SRCS; or stand-alone from the repository root (then
# HOST_PORTABLE_SRCS defaults to every C file of src/modules/mempool):
#
#   make -f tests/host/host.mk B=build HOSTCC=gcc host-test
#
# host-build builds every test binary; host-test builds and runs them all,
# one after the other (each prints cmocka's summary), and ends with
# "host: N passed, N failed" over their cmocka tests (tests/host/run.sh;
# a binary that dies before its summary counts as one failure).  A
# sanitizer report ends that binary (halt_on_error).

B ?= build
HOSTCC ?= gcc
# The top-level Makefile sets this; stand-alone, take what it takes (every
# C file of the module), so the module's own suites link too.
HOST_PORTABLE_SRCS ?= $(wildcard src/modules/mempool/*.c)

HOST_CFLAGS = -std=c89 -pedantic -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -Iinclude -Isrc/port -Itests/host/sim
# cmocka 1.1.5's header says "static inline", which C89 has not; tests
# reach the module's private headers and the generated API index.
HOST_CPPFLAGS ?= -Dinline=__inline__ -Isrc/modules/mempool -I$(B)/gen
HOST_LDLIBS ?= -lcmocka

SIM_SRCS = tests/host/sim/sim.c tests/host/sim/sim_dos.c tests/host/sim/sim_xms.c \
           tests/host/sim/sim_vds.c src/port/host/port_host.c \
           src/port/host/pool_host.c src/port/host/memory_ops_host.c \
           src/port/host/xms_host.c src/port/host/dma_host.c

HOST_OBJ        := $(B)/host/obj
HOST_TEST_SRCS  := $(wildcard tests/host/test_*.c)
HOST_TESTS      := $(patsubst tests/host/%.c,$(B)/host/%,$(HOST_TEST_SRCS))
HOST_SIM_OBJS    = $(patsubst %.c,$(HOST_OBJ)/%.o,$(SIM_SRCS))
HOST_PORT_OBJS   = $(patsubst %.c,$(HOST_OBJ)/%.o,$(HOST_PORTABLE_SRCS))
# Archives, so a test pulls in only the portable files it uses.
HOST_SIM_LIB    := $(B)/host/libsim.a
HOST_PORT_LIB   := $(B)/host/libportable.a
HOST_RUN_ENV    := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
                   UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

.PHONY: host-build host-test

host-build: $(HOST_TESTS)

host-test: $(HOST_TESTS)
	@$(HOST_RUN_ENV) sh tests/host/run.sh $(B)/host/run.log $(HOST_TESTS)

$(HOST_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(HOST_CPPFLAGS) -MMD -MP -c -o $@ $<

$(HOST_SIM_LIB): $(HOST_SIM_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# ar keeps members by file name: two sources named alike would replace
# each other silently.
$(HOST_PORT_LIB): $(HOST_PORT_OBJS)
	@mkdir -p $(dir $@)
	@test -z "$$(printf '%s\n' $(notdir $^) | sort | uniq -d)" || \
	    { echo "host.mk: portable sources share a file name"; exit 1; }
	rm -f $@ && ar rcs $@ $^

# The portable archive twice: src/port/host/pool_host.c and xms_host.c
# (in the sim archive) call the C twins back.
$(B)/host/test_%: $(HOST_OBJ)/tests/host/test_%.o $(HOST_PORT_LIB) $(HOST_SIM_LIB)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(HOST_PORT_LIB) $(HOST_SIM_LIB) $(HOST_PORT_LIB) $(HOST_LDLIBS)

-include $(wildcard $(HOST_OBJ)/*/*.d $(HOST_OBJ)/*/*/*.d $(HOST_OBJ)/*/*/*/*.d \
                    $(HOST_OBJ)/*/*/*/*/*.d)

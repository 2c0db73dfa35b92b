# bench.mk - the bench86 clock-counting harness (host tool) and its self-tests.
#
# Included by the top-level Makefile; also works alone from the repository root:
#     make -f tools/bench/bench.mk B=build HOSTCC=gcc bench-selftest
#
# Uses:    B (build directory), HOSTCC (host C compiler), NASM, BCC.
# Defines: $(B)/bench86              the harness (-lunicorn -lcapstone)
#          $(B)/bench/bench_marks.o  C-callable markers for bcc programs (as86)
#          bench-selftest            builds and runs the harness's own tests;
#                                    fails (non-zero) if any figure is off
#          bench-clean               removes what this fragment built
# Every variable and rule below is prefixed BENCH_ / bench so the fragment can
# sit beside the top-level rules; including it does not change the includer's
# default goal.

BENCH_SAVED_GOAL := $(.DEFAULT_GOAL)

B      ?= build
HOSTCC ?= gcc
NASM   ?= nasm
BCC    ?= bcc

BENCH_DIR    := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
BENCH_OUT    := $(B)/bench
BENCH_CFLAGS := -std=c99 -O2 -Wall -Wextra
BENCH_LIBS   := -lunicorn -lcapstone

BENCH_SRCS := bench86.c cpu_trace.c region_marks.c dos_services.c clocks.c
BENCH_OBJS := $(addprefix $(BENCH_OUT)/,$(BENCH_SRCS:.c=.o))
BENCH_HDRS := $(BENCH_DIR)/bench86.h $(BENCH_DIR)/clocks.h

BENCH_TEST_ASM  := $(wildcard $(BENCH_DIR)/tests/t_*.asm)
BENCH_TEST_COMS := $(patsubst $(BENCH_DIR)/tests/%.asm,$(BENCH_OUT)/tests/%.COM,$(BENCH_TEST_ASM))
BENCH_CTEST_COM := $(BENCH_OUT)/tests/c_marks.COM

$(B)/bench86: $(BENCH_OBJS)
	$(HOSTCC) $(BENCH_CFLAGS) -o $@ $(BENCH_OBJS) $(BENCH_LIBS)

$(BENCH_OBJS): $(BENCH_OUT)/%.o: $(BENCH_DIR)/%.c $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(BENCH_CFLAGS) -c -o $@ $<

$(BENCH_OUT)/bench_marks.o: $(BENCH_DIR)/bench_marks.asm
	@mkdir -p $(dir $@)
	$(NASM) -f as86 -o $@ $<

$(BENCH_TEST_COMS): $(BENCH_OUT)/tests/%.COM: $(BENCH_DIR)/tests/%.asm $(BENCH_DIR)/bench_marks.inc
	@mkdir -p $(dir $@)
	$(NASM) -f bin -I$(BENCH_DIR)/ -o $@ $<

# The C test needs bcc (dev86); without it the check script reports a SKIP.
$(BENCH_CTEST_COM): $(BENCH_DIR)/tests/c_marks.c $(BENCH_OUT)/bench_marks.o
	@mkdir -p $(dir $@)
	@if command -v $(BCC) >/dev/null 2>&1; then \
	    echo "$(BCC) -ansi -0 -Md -o $@ $< $(BENCH_OUT)/bench_marks.o"; \
	    $(BCC) -ansi -0 -Md -o $@ $< $(BENCH_OUT)/bench_marks.o; \
	else \
	    echo "bench: $(BCC) not found, C marker test skipped"; rm -f $@; \
	fi

.PHONY: bench-selftest bench-clean
bench-selftest: $(B)/bench86 $(BENCH_TEST_COMS) $(BENCH_CTEST_COM)
	sh $(BENCH_DIR)/tests/check.sh $(B)/bench86 $(BENCH_OUT)/tests $(BENCH_DIR)/tests

bench-clean:
	rm -rf $(BENCH_OUT) $(B)/bench86

# Standalone (make -f bench.mk): the harness is the default goal.  Included:
# leave the includer's default goal alone (an empty value lets the next target
# the includer defines become the default, as if this file were not there).
ifneq ($(firstword $(MAKEFILE_LIST)),$(lastword $(MAKEFILE_LIST)))
.DEFAULT_GOAL := $(BENCH_SAVED_GOAL)
endif

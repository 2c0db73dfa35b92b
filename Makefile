# MEMPOOL - build, test, bench and run.
#
#   make          build everything (host tools, MEMPOOL.MOD, client library,
#                 DOS test programs, host unit tests)
#   make test     every test: build checks, host unit tests, DOS tests in
#                 DOSBox across the configuration matrix
#   make run      build, then show the module at work in DOSBox
#   make bench    clock-counting benchmarks, regenerates the README table
#
# A fresh Debian machine needs nothing else: tools/setup.sh installs the
# packages (apt-get, as root) before the first build.

B        := build
HOSTCC   ?= gcc
NASM     := nasm
BCC      := bcc
AS86     := as86
LD86     := ld86
AR86     := ar86

# The module's private stack (src/modules/mempool/mod_core.h): 768 bytes
# until the seal; then MOD_STACK_ALLOW (an XMS driver's 256 bytes and 128
# for an interrupt) more than the deepest own frames of what the seal
# keeps: the core's unload and each group kept.  The frames are measured
# (T_SEAL prints them), plus a margin of at least 16 bytes for paths the
# tests do not reach.  The MAP group's entries run on the caller's stack
# (T_VDS checks they leave the module's untouched), its unload hook under
# the core's unload.
MOD_STACK_BYTES := 768
MOD_STACK_ALLOW := 384
MOD_STK_CORE    := 48
MOD_STK_MAP     := 0
MOD_STK_SVC     := 96
MOD_STK_STATS   := 80
MOD_STK_XMS     := 144
# 1 = debug build: guard words, poison on free, use-after-free checks.
MEM_DEBUG ?= 0

MOD_DIR  := src/modules/mempool
GEN      := $(B)/gen
INCS     := -Iinclude -Isrc/port -I$(GEN) -I$(MOD_DIR)
STACKDEFS := -DMOD_STACK_BYTES=$(MOD_STACK_BYTES) -DMOD_STACK_ALLOW=$(MOD_STACK_ALLOW) \
             -DMOD_STK_CORE=$(MOD_STK_CORE) -DMOD_STK_MAP=$(MOD_STK_MAP) \
             -DMOD_STK_SVC=$(MOD_STK_SVC) -DMOD_STK_STATS=$(MOD_STK_STATS) \
             -DMOD_STK_XMS=$(MOD_STK_XMS)
BCCFLAGS := -ansi -0 $(INCS) $(STACKDEFS) -DMEM_DEBUG=$(MEM_DEBUG)
# bcc's preprocessor takes few -I paths: the client and tests get three.
BCCDOSFLAGS := -Md -ansi -0 -Iinclude -Isrc/port -I$(GEN) $(STACKDEFS)
NASMINC  := -Iinclude/ -I$(GEN)/ -Isrc/port/dos/ -I$(MOD_DIR)/ -Itools/bench/
# PLANT=NAME (make emu-test's planted modules only) defines NAME in the
# module's NASM: pool_fast.asm's PLANT_GIVE_RACE / PLANT_REF_REREAD,
# pheap.asm's PLANT_HEAP_DRAIN2 / PLANT_HEAP_NOLOCK.
NASMFLAGS = -f as86 $(NASMINC) $(STACKDEFS) -DMEM_DEBUG=$(MEM_DEBUG) $(if $(PLANT),-D$(PLANT)) -MD $@.d
HOSTTOOLCFLAGS := -std=c89 -pedantic -Wall -Wextra -Werror -O2 -Iinclude

SETUP := $(B)/.setup-ok

.PHONY: all test run bench clean module lib dostests check abicheck genapi-check testtotal-check sizes-check \
        check286 dos-test dos-test-debug dostest-check host-test bench-selftest vds-test \
        emu-test emu-plants
# keep intermediate objects (no "rm" noise after the test summary)
.SECONDARY:
.DEFAULT_GOAL := all

all: module lib dostests host-build

$(SETUP): tools/setup.sh
	@mkdir -p $(B)
	@sh tools/setup.sh
	@touch $@

# ---------------------------------------------------------------- host tools
$(B)/tools/%: tools/%.c include/module_abi.h | $(SETUP)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTTOOLCFLAGS) -o $@ $<

# ------------------------------------------------------------ generated API
# One run writes them all (&:); it checks api.def against the prototypes.
GEN_SHIMS := $(foreach g,core map svc stats xms setup,$(GEN)/shims_$(g).asm)
$(GEN)/api_table.asm $(GEN)/api_count.inc $(GEN)/mem_stubs.asm $(GEN)/mem_api_idx.h $(GEN)/mem_api_idx.inc $(GEN_SHIMS) &: $(MOD_DIR)/api.def tools/genapi.awk include/memory_api.h
	@mkdir -p $(GEN)
	awk -f tools/genapi.awk -v out=$(GEN) -v api=include/memory_api.h $(MOD_DIR)/api.def

# The stack figures as the last build used them: what includes them is
# rebuilt when they change.
$(GEN)/stackdefs.txt: FORCE | $(SETUP)
	@mkdir -p $(dir $@)
	@echo '$(STACKDEFS)' | cmp -s - $@ || echo '$(STACKDEFS)' > $@
.PHONY: FORCE

# ------------------------------------------------------------------ module
# The image is one segment (ld86 will not link a near call between two);
# link order makes its layout (docs/architecture/resident-split.md):
#   core    header, API table, the ISR-safe NASM, data, the gate, unload:
#           never moves
#   map svc stats xms
#           run-time groups: mem_seal drops the ones a driver names and
#           moves the others down behind the core (each starts with its
#           mark _grp_beg_N and its C-gate shims)
#   setup   *_setup.c and what only they and the cold part use (the port
#           layer src/port/dos, bcc's runtime), the relocation table: the
#           seal drops it
#   cold    *_init.c: dropped once init has run
# A NASM file's group (or the init part) is listed below (any other is
# core); C files are set-up (*_setup.c), cold (*_init.c), host-only twins
# (*_c.c, never linked), or core (the rest).  NASM files use section .text only.
MOD_GRP_MAP_ASM   := dma_map
MOD_GRP_SVC_ASM   := pool_svc pool_list pool_stats arena_get
MOD_GRP_STATS_ASM := mod_info dma_stats
MOD_GRP_XMS_ASM   := xms_move
# The packet heap: the last part of the core (it never moves; the seal
# drops it when no heap is configured): pheap.asm first (_pheap_beg).
MOD_HEAP_ASM      := pheap pheap_stats
MOD_SETUP_ASM     :=
MOD_COLD_ASM      := cpu_init pheap_bind
MOD_GROUP_ASM := $(MOD_HEAP_ASM) $(MOD_GRP_MAP_ASM) $(MOD_GRP_SVC_ASM) $(MOD_GRP_STATS_ASM) $(MOD_GRP_XMS_ASM) $(MOD_SETUP_ASM) \
                 $(MOD_COLD_ASM)

MOD_C_COLD  := $(wildcard $(MOD_DIR)/*_init.c)
MOD_C_SETUP := $(wildcard $(MOD_DIR)/*_setup.c)
# *_c.c are the host-only C twins of NASM routines: never in the module.
MOD_C_TWIN  := $(wildcard $(MOD_DIR)/*_c.c)
MOD_C_HOT   := $(filter-out $(MOD_C_COLD) $(MOD_C_SETUP) $(MOD_C_TWIN),$(wildcard $(MOD_DIR)/*.c))
MOD_ASM     := $(filter-out $(MOD_DIR)/mod_header.asm,$(wildcard $(MOD_DIR)/*.asm))
MOD_ASM_CORE := $(filter-out $(MOD_GROUP_ASM),$(basename $(notdir $(MOD_ASM))))
PORT_ASM    := $(wildcard src/port/dos/*.asm)
MOD_HDRS    := $(wildcard include/*.h $(MOD_DIR)/*.h src/port/*.h) $(GEN)/mem_api_idx.h \
               $(GEN)/stackdefs.txt

o = $(patsubst %,$(B)/mod/%.o,$(1))
RELOC_DIR := $(B)/reloc
MOD_OBJS_CORE  := $(B)/mod/mod_header.o $(B)/mod/api_table.o $(call o,shims_core) \
                  $(call o,$(MOD_ASM_CORE)) \
                  $(patsubst %.c,$(B)/mod/%.o,$(notdir $(MOD_C_HOT))) \
                  $(call o,$(MOD_HEAP_ASM))
MOD_OBJS_G1    := $(call o,grp_beg_1 shims_map $(MOD_GRP_MAP_ASM))
MOD_OBJS_G2    := $(call o,grp_beg_2 shims_svc $(MOD_GRP_SVC_ASM))
MOD_OBJS_G3    := $(call o,grp_beg_3 shims_stats $(MOD_GRP_STATS_ASM))
MOD_OBJS_G4    := $(call o,grp_beg_4 shims_xms $(MOD_GRP_XMS_ASM))
MOD_OBJS_SETUP := $(call o,mod_setup_start shims_setup $(MOD_SETUP_ASM)) \
                  $(patsubst %.c,$(B)/mod/%.o,$(notdir $(MOD_C_SETUP))) \
                  $(patsubst %.asm,$(B)/mod/%.o,$(notdir $(PORT_ASM)))
MOD_OBJS_COLD  := $(B)/mod/mod_cold.o $(call o,$(MOD_COLD_ASM)) \
                  $(patsubst %.c,$(B)/mod/%.o,$(notdir $(MOD_C_COLD)))
MOD_OBJS_PRE   := $(MOD_OBJS_CORE) $(MOD_OBJS_G1) $(MOD_OBJS_G2) $(MOD_OBJS_G3) \
                  $(MOD_OBJS_G4) $(MOD_OBJS_SETUP)
MOD_OBJS := $(MOD_OBJS_PRE) $(B)/mod/reloc.o $(MOD_OBJS_COLD) $(B)/mod/mod_marks.o

$(B)/mod/mod_header.o: $(MOD_DIR)/mod_header.asm $(GEN)/api_count.inc include/module_abi.inc | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -o $@ $<
$(B)/mod/api_table.o: $(GEN)/api_table.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -o $@ $<
$(B)/mod/shims_%.o: $(GEN)/shims_%.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -o $@ $<
$(B)/mod/grp_beg_%.o: tools/mark.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) -f as86 -DMARK=_grp_beg_$* -o $@ $<
$(B)/mod/mod_setup_start.o: tools/mark.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) -f as86 -DMARK=_mod_setup_start -o $@ $<
$(RELOC_DIR)/grp_beg_%.o: tools/mark.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) -f as86 -DMARK=_grp_beg_$* -DPAD=16 -o $@ $<
$(RELOC_DIR)/mod_setup_start.o: tools/mark.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) -f as86 -DMARK=_mod_setup_start -DPAD=16 -o $@ $<
$(B)/mod/%.o: $(MOD_DIR)/%.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -o $@ $<
$(B)/mod/%.o: src/port/dos/%.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -o $@ $<
$(B)/mod/%.o: $(MOD_DIR)/%.s | $(SETUP)
	@mkdir -p $(dir $@)
	$(AS86) -0 -u -w- -o $@ $<
$(B)/mod/%_init.o: $(MOD_DIR)/%_init.c $(MOD_HDRS) tools/bccseg.sh | $(SETUP)
	@mkdir -p $(dir $@)
	$(BCC) $(BCCFLAGS) -S -o $(B)/mod/$*_init.bcc.s $<
	sh tools/bccseg.sh $*_init $(B)/mod/$*_init.bcc.s $(B)/mod/$*_init.s
	$(AS86) -0 -u -w- -o $@ $(B)/mod/$*_init.s
$(B)/mod/%.o: $(MOD_DIR)/%.c $(MOD_HDRS) tools/bccseg.sh | $(SETUP)
	@mkdir -p $(dir $@)
	$(BCC) $(BCCFLAGS) -S -o $(B)/mod/$*.bcc.s $<
	sh tools/bccseg.sh $* $(B)/mod/$*.bcc.s $(B)/mod/$*.s
	$(AS86) -0 -u -w- -o $@ $(B)/mod/$*.s

# The relocation table (tools/modreloc.c): the image linked once plainly
# and once with a 16-byte pad before each group and before the set-up part;
# every word that moves with a group is an entry.  It is assembled into
# the end of the set-up part, after every word it describes, so the final
# link leaves them where the trial links had them (modreloc checks the
# final image against the table: build/reloc.ok).
$(RELOC_DIR)/reloc_none.o: tools/mark.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) -f as86 -DMARK=_reloc_tab -DPAD=2 -o $@ $<
RELOC_PADS := $(foreach k,1 2 3 4,$(RELOC_DIR)/grp_beg_$(k).o) $(RELOC_DIR)/mod_setup_start.o
$(GEN)/reloc.asm: $(MOD_OBJS_PRE) $(MOD_OBJS_COLD) $(B)/mod/mod_marks.o $(RELOC_PADS) \
                  $(RELOC_DIR)/reloc_none.o $(B)/tools/modreloc tools/modreloc.sh
	sh tools/modreloc.sh $(B) $(RELOC_DIR) "$(LD86)" "$(MOD_OBJS_CORE)" "$(MOD_OBJS_G1)" \
	    "$(MOD_OBJS_G2)" "$(MOD_OBJS_G3)" "$(MOD_OBJS_G4)" "$(MOD_OBJS_SETUP)" \
	    "$(MOD_OBJS_COLD) $(B)/mod/mod_marks.o" $@
$(B)/mod/reloc.o: $(GEN)/reloc.asm | $(SETUP)
	$(NASM) -f as86 -o $@ $<

$(B)/MEMPOOL.BIN: $(MOD_OBJS)
	$(LD86) -0 -d -T0 -M -o $@ $(MOD_OBJS) > $(B)/mempool.map || { cat $(B)/mempool.map; rm -f $@; exit 1; }
$(B)/MEMPOOL.MOD: $(B)/MEMPOOL.BIN $(B)/tools/modfix
	$(B)/tools/modfix $< $@ $(MOD_STACK_BYTES)

# Bytes per object and part (docs/architecture/module-sizes.md, kept in
# the tree and rewritten when it changes) and the sealed sizes T_SEAL
# checks the seal against (build/gen/mod_sizes.h), from the link map.
SIZES_ARGS := $(MOD_STACK_ALLOW) $(MOD_STK_CORE) $(MOD_STK_MAP) $(MOD_STK_SVC) \
              $(MOD_STK_STATS) $(MOD_STK_XMS)
SIZES_DOC  := docs/architecture/module-sizes.md
$(GEN)/mod_sizes.h: $(B)/MEMPOOL.MOD tools/sizes.sh
	sh tools/sizes.sh $(B)/mempool.map $(SIZES_ARGS) h > $@.tmp && mv $@.tmp $@
$(SIZES_DOC): $(B)/MEMPOOL.MOD tools/sizes.sh
	sh tools/sizes.sh $(B)/mempool.map $(SIZES_ARGS) > $(B)/module-sizes.md
	@cmp -s $(B)/module-sizes.md $@ && touch $@ || cp $(B)/module-sizes.md $@
$(B)/dos/t_seal.o $(B)/dos/t_pheap.o: $(GEN)/mod_sizes.h

module: $(B)/MEMPOOL.MOD $(SIZES_DOC) $(GEN)/mod_sizes.h

# ---------------------------------------------------------- client library
# build/libmempool.a: what a NIC module or the core links (bcc -Md):
# the loader, the far-call stubs, error names and the DOS port.
CLIENT_C   := $(wildcard src/client/*.c)
CLIENT_ASM := $(wildcard src/client/*.asm)
CLIENT_OBJS := $(patsubst %.c,$(B)/client/%.o,$(notdir $(CLIENT_C))) \
               $(patsubst %.asm,$(B)/client/%.o,$(notdir $(CLIENT_ASM) $(filter-out %/bcc_rt.asm,$(PORT_ASM)))) \
               $(B)/client/mem_stubs.o

$(B)/client/%.o: src/client/%.c $(MOD_HDRS) | $(SETUP)
	@mkdir -p $(dir $@)
	$(BCC) $(BCCDOSFLAGS) -c -o $@ $<
$(B)/client/%.o: src/client/%.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -o $@ $<
$(B)/client/%.o: src/port/dos/%.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -o $@ $<
$(B)/client/pool_stubs.o $(B)/client/dma_stubs.o: $(GEN)/mem_api_idx.inc
$(B)/client/mem_stubs.o: $(GEN)/mem_stubs.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -o $@ $<
$(B)/libmempool.a: $(CLIENT_OBJS)
	rm -f $@
	$(AR86) rc $@ $(CLIENT_OBJS)

lib: $(B)/libmempool.a

# ------------------------------------------------------ DOS test programs
# tests/dos/t_NAME.c -> build/dos/T_NAME.COM (8.3 names), each linked with
# the harness (dtest.c), any tests/dos/*.asm helpers and the client library.
# Linked with ld86 directly (bcc -Md's own command plus -M for the map the
# 286 check reads; the .out twin carries the a.out header with the text size).
DOS_TEST_C := $(wildcard tests/dos/t_*.c)
DOS_COMS   := $(foreach t,$(DOS_TEST_C),$(B)/dos/$(shell echo $(basename $(notdir $(t))) | tr a-z A-Z).COM)
DOS_HELP_OBJS := $(B)/dos/dtest.o $(patsubst %.asm,$(B)/dos/%.o,$(notdir $(wildcard tests/dos/*.asm)))
BCC_LIBDIR := /usr/lib/bcc
COMLINK = $(LD86) -y -d -T100 -i -L$(BCC_LIBDIR)/ -0 -C0
COMLINK_OUT = $(LD86) -y -T100 -i -L$(BCC_LIBDIR)/ -0 -C0

$(B)/dos/%.o: tests/dos/%.c $(MOD_HDRS) tests/dos/dtest.h | $(SETUP)
	@mkdir -p $(dir $@)
	$(BCC) $(BCCDOSFLAGS) -c -o $@ $<
$(B)/dos/%.o: tests/dos/%.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -o $@ $<

# Objects a test links ahead of bcc's libc: T_BCCRT runs the module's own
# 32-bit helpers (bcc_rt.o) in place of the library's, against vectors from
# the host's arithmetic (tools/bccrt_vec.c).  ld86 warns that each helper of
# the library is "redefined" and says it uses bcc_rt.o's: that is the point.
COM_EXTRA_T_BCCRT := $(B)/mod/bcc_rt.o
$(GEN)/bccrt_vec.h: tools/bccrt_vec.c | $(SETUP)
	@mkdir -p $(B)/tools $(GEN)
	$(HOSTCC) -std=c99 -Wall -Wextra -Werror -O2 -o $(B)/tools/bccrt_vec $<
	$(B)/tools/bccrt_vec > $@
$(B)/dos/t_bccrt.o: $(GEN)/bccrt_vec.h
# T_OPSF runs t_ops.c's cases against the module's far entries.
$(B)/dos/t_opsf.o: tests/dos/t_ops.c
$(B)/dos/t_hstorm.o: tests/dos/t_storm.c

define com_rule
$(B)/dos/$(1).COM: $(B)/dos/$(2).o $(DOS_HELP_OBJS) $$(COM_EXTRA_$(1)) $(B)/libmempool.a
	$(COMLINK) -M -o $$@ $$(filter %.o,$$^) $(B)/libmempool.a -ldos > $(B)/dos/$(1).map || { cat $(B)/dos/$(1).map; rm -f $$@; exit 1; }
	$(COMLINK_OUT) -o $(B)/dos/$(1).out $$(filter %.o,$$^) $(B)/libmempool.a -ldos
endef
$(foreach t,$(DOS_TEST_C),$(eval $(call com_rule,$(shell echo $(basename $(notdir $(t))) | tr a-z A-Z),$(basename $(notdir $(t))))))

dostests: $(DOS_COMS)

# Planted faults for the DOS layer's sealed pass (tests/dos/fault/f_*.c,
# tools/dostest-selftest.sh): linked like the tests, never run as tests.
DOS_FAULT_C := $(wildcard tests/dos/fault/f_*.c)
DOS_FAULT_COMS := $(foreach t,$(DOS_FAULT_C),$(B)/dos/fault/$(shell echo $(basename $(notdir $(t))) | tr a-z A-Z).COM)
$(B)/dos/fault/%.o: tests/dos/fault/%.c $(MOD_HDRS) tests/dos/dtest.h | $(SETUP)
	@mkdir -p $(dir $@)
	$(BCC) $(BCCDOSFLAGS) -Itests/dos -c -o $@ $<
define fault_rule
$(B)/dos/fault/$(1).COM: $(B)/dos/fault/$(2).o $(B)/dos/dtest.o $(B)/libmempool.a
	$(COMLINK) -o $$@ $(B)/dos/fault/$(2).o $(B)/dos/dtest.o $(B)/libmempool.a -ldos
endef
$(foreach t,$(DOS_FAULT_C),$(eval $(call fault_rule,$(shell echo $(basename $(notdir $(t))) | tr a-z A-Z),$(basename $(notdir $(t))))))

# ------------------------------------------- V86 + VDS test under bench86
# tests/v86/t_vds.c runs the module's VDS paths on the emulated 386 in
# virtual-8086 mode under bench86's VDS provider (DOSBox has no VDS):
# linked like the DOS tests, run by make vds-test (part of make test).
V86_COM := $(B)/v86/T_VDS.COM
$(B)/v86/t_vds.o: tests/v86/t_vds.c $(MOD_HDRS) tests/dos/dtest.h | $(SETUP)
	@mkdir -p $(dir $@)
	$(BCC) $(BCCDOSFLAGS) -Itests/dos -c -o $@ $<
$(V86_COM): $(B)/v86/t_vds.o $(B)/dos/dtest.o $(B)/libmempool.a
	$(COMLINK) -o $@ $(B)/v86/t_vds.o $(B)/dos/dtest.o $(B)/libmempool.a -ldos

vds-test: $(B)/bench86 $(B)/MEMPOOL.MOD $(V86_COM)
	$(B)/bench86 --cpu 386 --v86 --vds --dir $(B) $(V86_COM) > $(B)/v86/t_vds.log 2>&1 || \
	    { cat $(B)/v86/t_vds.log; exit 1; }
	@tr -d '\r' < $(B)/v86/t_vds.log | grep -E '^[0-9]+ passed, 0 failed$$' || \
	    { cat $(B)/v86/t_vds.log; exit 1; }

# ------------------------------------- every interleaving, under bench86
# tests/emu/e_inter.c runs each entry that edits the pools' lists or counts
# once per instruction boundary with an interrupt injected there (bench86's
# 'i' marker), the handler working on the same pools (issue 14).  make
# emu-test runs it against the module, then against one planted module per
# defect (pool_fast.asm or pheap.asm built with PLANT=NAME in
# $(B)/plant/NAME) and
# requires the module to pass and every planted one to fail
# (tools/emutest.sh; docs/dev/conventions.md, "Tests").
EMU_COM    := $(B)/emu/E_INTER.COM
EMU_PLANTS := PLANT_GIVE_RACE PLANT_REF_REREAD PLANT_HEAP_DRAIN2 PLANT_HEAP_NOLOCK
$(B)/emu/e_inter.o: tests/emu/e_inter.c $(MOD_HDRS) | $(SETUP)
	@mkdir -p $(dir $@)
	$(BCC) $(BCCDOSFLAGS) -c -o $@ $<
$(B)/emu/e_isr.o: tests/emu/e_isr.asm | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -o $@ $<
$(B)/emu/fakexms.o: bench/fakexms.asm tools/bench/bench_marks.inc | $(SETUP)
	@mkdir -p $(dir $@)
	$(NASM) -f as86 -Itools/bench/ -o $@ $<
EMU_OBJS := $(B)/emu/e_inter.o $(B)/emu/e_isr.o $(B)/emu/fakexms.o $(B)/dos/take.o \
            $(B)/dos/dtest.o $(B)/bench/bench_marks.o
$(EMU_COM): $(EMU_OBJS) $(B)/libmempool.a
	$(COMLINK) -o $@ $(EMU_OBJS) $(B)/libmempool.a -ldos

emu-plants:
	@mkdir -p $(B)/emu
	@for p in $(EMU_PLANTS); do \
	    $(MAKE) --no-print-directory B=$(B)/plant/$$p PLANT=$$p $(B)/plant/$$p/MEMPOOL.MOD \
	        > $(B)/emu/plant-$$p.build.log 2>&1 || { cat $(B)/emu/plant-$$p.build.log; exit 1; }; \
	done

emu-test: $(B)/bench86 $(B)/MEMPOOL.MOD $(EMU_COM) emu-plants
	sh tools/emutest.sh $(B) $(EMU_COM) $(EMU_PLANTS)

# ----------------------------------------------------------- build checks
$(B)/abicheck.bin: tools/abicheck.asm include/module_abi.inc | $(SETUP)
	$(NASM) -f bin -Iinclude/ -o $@ $<

# Each check runs through tools/checks.sh, which runs every command, counts
# them and ends with "NAME: N passed, N failed" for make test's total.
abicheck: $(B)/tools/abicheck $(B)/abicheck.bin
	@sh tools/checks.sh abicheck "$(B)/tools/abicheck $(B)/abicheck.bin" \
	    "sh tools/abicheck-selftest.sh $(B)"

check286: $(B)/MEMPOOL.MOD $(DOS_COMS)
	@sh tools/checks.sh check286 "sh tools/check286.sh mod $(B)/MEMPOOL.MOD $(B)/mempool.map" \
	    $(foreach c,$(DOS_COMS),"sh tools/check286.sh com $(c) $(c:.COM=.map) $(c:.COM=.out)") \
	    "sh tools/check286-selftest.sh $(B)"

# The size table (tools/sizes.sh): the module's map adds up, and a map
# whose parts do not is refused.
sizes-check: $(B)/MEMPOOL.MOD
	@sh tools/checks.sh sizes-check "sh tools/sizes-selftest.sh $(B) $(SIZES_ARGS)"

# api.def against memory_api.h, and planted faults genapi.awk must refuse.
genapi-check: $(GEN)/mem_api_idx.h
	sh tools/genapi-selftest.sh $(B)

# make test's total counts every way a layer can fail.
testtotal-check:
	sh tools/testtotal-selftest.sh $(B)

check: abicheck genapi-check testtotal-check check286 check286-demo policy-check sizes-check

# ------------------------------------------------------------------- tests
# make test runs every layer of TEST_LAYERS, in order, each as its own
# "make LAYER" through tools/testtotal.sh, which records "LAYER started",
# then "LAYER PASSED FAILED" from the layer's last "N passed, N failed"
# line, in $(TEST_RESULTS) (started afresh); the last line of make test is
# the sum, "make test: N passed, N failed", and its status fails when any
# layer failed, died before writing its counts, or did not run.  Without
# -k make test stops after the first failing layer; with -k it runs them
# all.  A new layer is one line, here or in an included fragment:
#     TEST_LAYERS += my-layer
# where my-layer is a target whose output ends with its own
# "N passed, N failed" line (docs/dev/conventions.md, "Tests").
TEST_RESULTS := $(B)/test-results
TEST_LAYERS += abicheck
TEST_LAYERS += genapi-check
TEST_LAYERS += testtotal-check
TEST_LAYERS += check286
TEST_LAYERS += check286-demo
TEST_LAYERS += policy-check
TEST_LAYERS += sizes-check
TEST_LAYERS += host-test
TEST_LAYERS += bench-selftest
TEST_LAYERS += bench-guard
TEST_LAYERS += vds-test
TEST_LAYERS += emu-test
TEST_LAYERS += dostest-check
TEST_LAYERS += dos-test
TEST_LAYERS += dos-test-debug

DOS_CONFIGS := xms_umb plain xms_ems small dos33

# Every program in every configuration, unsealed and sealed (/SEAL: the
# harness seals at the program's seal points); tools/dostest.sh lists the
# few that run unsealed only, and why.
dos-test: $(B)/MEMPOOL.MOD $(DOS_COMS)
	sh tools/dostest.sh "$(DOS_CONFIGS)" $(DOS_COMS)

# The sealed pass fails the planted faults its unsealed pass lets through.
dostest-check: $(B)/MEMPOOL.MOD $(DOS_COMS) $(DOS_FAULT_COMS)
	sh tools/dostest-selftest.sh $(B)

# The debug build (MEM_DEBUG=1) in its own tree, its pool tests in DOSBox.
DBG := $(B)/dbg
dos-test-debug:
	$(MAKE) --no-print-directory B=$(DBG) MEM_DEBUG=1 $(DBG)/MEMPOOL.MOD $(DBG)/dos/T_POOL.COM $(DBG)/dos/T_ISR.COM \
	    $(DBG)/dos/T_PHEAP.COM
	B=$(abspath $(DBG)) sh tools/dostest.sh "xms_umb plain" $(DBG)/dos/T_POOL.COM $(DBG)/dos/T_ISR.COM \
	    $(DBG)/dos/T_PHEAP.COM

# Host unit tests (tests/host/host.mk) and the bench harness
# (tools/bench/bench.mk) bring their own rules.
# mod_seal_setup.c works on the DOS image itself (tested in DOSBox: T_SEAL).
HOST_PORTABLE_SRCS := $(filter-out %/mod_seal_setup.c,$(MOD_C_HOT) $(MOD_C_COLD) $(MOD_C_SETUP) $(MOD_C_TWIN))
include $(wildcard tests/host/host.mk tools/bench/bench.mk demo/demo.mk)

host-build: $(SETUP)

test: all
	@rm -rf $(TEST_RESULTS) $(TEST_RESULTS).d
	@for l in $(TEST_LAYERS); do \
	    sh tools/testtotal.sh layer $(TEST_RESULTS) $$l $(MAKE) --no-print-directory $$l \
	        $(if $(findstring k,$(firstword -$(MAKEFLAGS))),,|| break); \
	done; \
	sh tools/testtotal.sh sum $(TEST_RESULTS) $(TEST_LAYERS)

# make run: MPDEMO.COM loads the module as the core would, prints a MEM /C
# style report, runs a NIC-like workload (demo/demo.mk), draws build/layout.svg.
run: demo-run

# NASM's own dependency lists (-MD): an edited %include rebuilds its users.
-include $(wildcard $(B)/*/*.o.d)

clean:
	rm -rf $(B)

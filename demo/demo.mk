# demo/demo.mk - MPDEMO.COM, the layout picture and the policy check.
# Included by the top-level Makefile (after its own rules: it uses
# com_rule, BCCDOSFLAGS, MOD_HDRS and DOS_HELP_OBJS from there).
#
#   make demo          build build/dos/MPDEMO.COM
#   make demo-run      MPDEMO in xms_umb (layout kept) and plain /NOXMS /NOUMB,
#                      then build/layout.svg
#   make policy-check  docs/architecture/memory-policy-v1.0.md against the code
#   make check286-demo MPDEMO.COM holds only 80286 instructions outside gated code

DEMO_COM := $(B)/dos/MPDEMO.COM

$(B)/dos/mpdemo.o: demo/mpdemo.c $(MOD_HDRS) tests/dos/dtest.h | $(SETUP)
	@mkdir -p $(dir $@)
	$(BCC) $(BCCDOSFLAGS) -Itests/dos -c -o $@ $<

$(eval $(call com_rule,MPDEMO,mpdemo))

demo: $(DEMO_COM)

demo-run: all $(DEMO_COM)
	@mkdir -p $(B)/layout
	DOSRUN_KEEP=$(B)/layout sh tools/dosrun.sh xms_umb $(DEMO_COM)
	sh tools/dosrun.sh plain $(DEMO_COM) /NOXMS /NOUMB
	awk -f tools/layout_svg.awk $(B)/layout/LAYOUT.TXT > $(B)/layout.svg
	xmllint --noout $(B)/layout.svg
	@echo "layout picture: $(B)/layout.svg"

policy-check:
	@sh tools/checks.sh policy-check "sh tools/policy_check.sh" "sh tools/policy_check.sh --selftest"

# MPDEMO is no t_*.c test, so check286's loop does not see it.
check286-demo: $(DEMO_COM)
	@sh tools/checks.sh check286-demo \
	    "sh tools/check286.sh com $(DEMO_COM) $(B)/dos/MPDEMO.map $(B)/dos/MPDEMO.out"

.PHONY: demo demo-run policy-check check286-demo

; mark.asm - an object holding one label that marks a place in the module
; image (the start of a group, of the set-up part), assembled with
; -DMARK=label.  With -DPAD=n, n zero bytes come before the label: the trial
; links of the relocation table (tools/modreloc.sh) use such a twin of a
; group's mark to move the group and everything after it (ld86 links only
; objects something refers to, so the pad must ride on a mark).
cpu 286
section .text
global MARK
%ifdef PAD
mark_data_beg:
    times PAD db 0
mark_data_end:
%endif
MARK:

; plant.asm - a 386 instruction for the 286 check to find.  Assembled with
; -DGATED it sits between planted_386_beg/planted_386_end (allowed);
; without it, outside any gated range (must be rejected).
cpu 386
section .text
global _planted
_planted:
%ifdef GATED
planted_386_beg:
%endif
    movzx ax, bl
%ifdef GATED
planted_386_end:
%endif
    ret

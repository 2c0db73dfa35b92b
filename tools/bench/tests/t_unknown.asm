; t_unknown.asm - an instruction the clock table does not know is never free:
; it is charged CLK_UNKNOWN_CLOCKS (20) and counted in unknown_insns.
; SALC (D6, undocumented "set AL from carry") has no data-book figure.
;
;@expect unknown 286 22
;@expect unknown 386 22
;@expect unknown_insns 286 1
;@expect unknown_insns 386 1
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

        BENCH_NAME 1, "unknown"
        BENCH_BEGIN 1
        stc                     ;  2  2
        db      0D6h            ; salc: 20 20 (fallback)
        BENCH_END 1
        cmp     al, 0FFh        ; the emulator executed it (AL = FF after STC)
        jne     fail

        mov     ax, 4C00h
        int     21h
fail:   mov     ax, 4C01h
        int     21h

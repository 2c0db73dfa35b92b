; t_multi.asm - one region entered three times with different lengths:
; min / median / max / number of entries.  PUSH r 286 3 / 386 2, POP r 286 5 /
; 386 4 (reference table section 1.2): one push/pop pair = 8 / 6 clocks.
;
;@expect pair 286 16
;@expect pair_min 286 8
;@expect pair_max 286 24
;@expect pair_n 286 3
;@expect pair 386 12
;@expect pair_min 386 6
;@expect pair_max 386 18
;@expect pair_n 386 3
;@expect loopbody_n 286 4
;@expect loopbody_min 286 2
;@expect loopbody_max 286 2
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

        BENCH_NAME 1, "pair"
        BENCH_NAME 2, "loopbody"

        BENCH_BEGIN 1           ; entry 1: one pair      286 8   386 6
        push    ax
        pop     ax
        BENCH_END 1

        BENCH_BEGIN 1           ; entry 2: three pairs   286 24  386 18
        push    ax
        pop     ax
        push    ax
        pop     ax
        push    ax
        pop     ax
        BENCH_END 1

        BENCH_BEGIN 1           ; entry 3: two pairs     286 16  386 12
        push    ax
        pop     ax
        push    ax
        pop     ax
        BENCH_END 1
        ; min 8 / median 16 / max 24 (286), 6 / 12 / 18 (386), n = 3

        ; markers inside a loop: 4 entries of one INC r (2 clocks); the loop
        ; control outside the markers is not counted
        mov     cx, 4
.again: BENCH_BEGIN 2
        inc     dx              ;  2  2
        BENCH_END 2
        loop    .again

        mov     ax, 4C00h
        int     21h

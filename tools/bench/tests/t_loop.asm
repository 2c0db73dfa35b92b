; t_loop.asm - conditional branches taken / not taken, LOOP, JCXZ.
; Figures: reference table section 1.2 (Jcc 7+m / 3, LOOP 286 8+m / 4, 386
; 11+m) and clocks.c rows [loop] (386 not-taken 11, an assumption) and [jcxz].
; +m = length in bytes of the instruction executed after the transfer.
;
;@expect dec_jnz 286 27
;@expect dec_jnz 386 27
;@expect loop 286 21
;@expect loop 386 31
;@expect jcxz 286 17
;@expect jcxz 386 19
;@expect jcxz_n 386 1
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

        BENCH_NAME 1, "dec_jnz"
        BENCH_NAME 2, "loop"
        BENCH_NAME 3, "jcxz"

        BENCH_BEGIN 1
        mov     cx, 3           ;  2  2
.top:   dec     cx              ;  2  2  x3
        jnz     .top            ;  taken x2: 7+m, m = 1 (dec cx) -> 8  8
                                ;  not taken x1:                     3  3
        BENCH_END 1
        ; 286 = 386 = 2 + 3*2 + 2*8 + 3 = 27

        BENCH_BEGIN 2
        mov     cx, 2           ;  2  2
.l2:    nop                     ;  3  3  x2
        loop    .l2             ;  taken x1: 286 8+m, 386 11+m, m = 1 (nop) -> 9 12
                                ;  not taken x1: 286 4, 386 11 [assumed]    -> 4 11
        BENCH_END 2
        ; 286: 2 + 2*3 + 9 + 4  = 21
        ; 386: 2 + 2*3 + 12 + 11 = 31

        BENCH_BEGIN 3
        xor     cx, cx          ;  2  2
        jcxz    .z              ;  taken: 286 8+m, 386 9+m, m = 1 (inc cx) -> 9 10
        nop                     ;  (not executed)
.z:     inc     cx              ;  2  2
        jcxz    .z              ;  not taken: 286 4, 386 5
        BENCH_END 3
        ; 286: 2 + 9 + 2 + 4 = 17
        ; 386: 2 + 10 + 2 + 5 = 19

        mov     ax, 4C00h
        int     21h

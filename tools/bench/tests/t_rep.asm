; t_rep.asm - REP string instructions: base + per-iteration x n.
; Figures: reference table section 1.2 (REP MOVS 286 5+4n, 386 7+4n per the
; 386 data sheet; REP STOS 286 4+3n, 386 5+5n) and clocks.c [repe/repne cmps]
; (5+9n on both, 286 and 386 PRM REP pages).
;
;@expect movsw_100 286 405
;@expect movsw_100 386 407
;@expect movsw_0 286 5
;@expect movsw_0 386 7
;@expect stosw_10 286 34
;@expect stosw_10 386 55
;@expect cmpsb_stop5 286 50
;@expect cmpsb_stop5 386 50
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

        BENCH_NAME 1, "movsw_100"
        BENCH_NAME 2, "movsw_0"
        BENCH_NAME 3, "stosw_10"
        BENCH_NAME 4, "cmpsb_stop5"

        push    ds
        pop     es
        cld

        mov     si, src
        mov     di, dst
        mov     cx, 100
        BENCH_BEGIN 1
        rep movsw               ; 286: 5 + 4*100 = 405   386: 7 + 4*100 = 407
        BENCH_END 1
        cmp     cx, 0           ; the copy really ran to the end
        jne     fail

        xor     cx, cx
        BENCH_BEGIN 2
        rep movsw               ; n = 0: 286: 5   386: 7
        BENCH_END 2

        mov     di, dst
        mov     ax, 5A5Ah
        mov     cx, 10
        BENCH_BEGIN 3
        rep stosw               ; 286: 4 + 3*10 = 34   386: 5 + 5*10 = 55
        BENCH_END 3

        ; equal for 4 bytes, different at the 5th: REPE stops after 5 iterations
        mov     si, s1
        mov     di, s2
        mov     cx, 10
        BENCH_BEGIN 4
        repe cmpsb              ; n = 5: 5 + 9*5 = 50 on both
        BENCH_END 4
        cmp     cx, 5           ; 10 - 5 iterations
        jne     fail

        mov     ax, 4C00h
        int     21h
fail:   mov     ax, 4C01h
        int     21h

s1:     db      "abcdXfghij"
s2:     db      "abcdYfghij"
src:    times 100 dw 1234h
dst:    times 100 dw 0

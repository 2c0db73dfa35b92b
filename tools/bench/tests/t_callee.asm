; t_callee.asm - the 'C' marker (BENCH_CALLEE): the caller's CALL right after
; the marker is excluded, the callee's instructions and its RET are counted.
; +m = length in bytes of the instruction executed next (the one at the target).
; Region 1 (callee, far): mov ax,iw 2 / 2; retf 15+m / 18+m with m = 2 (the
;   OUT of BENCH_END) = 17 / 20.  Total 19 / 22.  The CALL FAR m (16+m / 22+m)
;   is not in it.
; Region 2 (the same call under BENCH_BEGIN): call far m, m = 3 (mov ax,iw)
;   19 / 25, plus region 1's 19 / 22 = 38 / 47.
; Region 3 (callee, near): inc ax 2 / 2; ret 11+m / 10+m, m = 2 = 13 / 12.
;   Total 15 / 14.
;
;@expect callee_far 286 19
;@expect callee_far 386 22
;@expect caller_far 286 38
;@expect caller_far 386 47
;@expect callee_near 286 15
;@expect callee_near 386 14
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

        BENCH_NAME 1, "callee_far"
        BENCH_NAME 2, "caller_far"
        BENCH_NAME 3, "callee_near"

        mov     [fptr+2], cs

        BENCH_CALLEE 1
        call    far [fptr]
        BENCH_END 1

        BENCH_BEGIN 2
        call    far [fptr]
        BENCH_END 2

        BENCH_CALLEE 3
        call    nsub
        BENCH_END 3

        mov     ax, 4C00h
        int     21h

fsub:   mov     ax, 1234h
        retf
nsub:   inc     ax
        ret

fptr:   dw      fsub, 0

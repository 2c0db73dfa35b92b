; t_cpu.asm - each pass presents its CPU to detection code, and the 386-only
; forms are priced from the 386 column.  The program takes its 386 path only
; in the 386 pass, so the 286 pass must see no 386-only instruction at all.
; Figures: clocks.c rows [movzx/movsx r,r] [movzx/movsx r,m] [shld/shrd r]
; [bt r,imm] [setcc r] [jcc] (0F 8x near: 7+m / 3) and the reference table
; (ALU r,r 2, REP MOVS 7+4n on the 386).
;
;@expect cpu286_n 286 1
;@expect cpu286_n 386 0
;@expect cpu386_n 286 0
;@expect cpu386_n 386 1
;@expect cpu386 386 83
;@expect cpu286 286 2
;@expect insns_386_only 286 0
;@exit 0

        cpu     386
        org     100h
%include "bench_marks.inc"

        BENCH_NAME 1, "cpu286"
        BENCH_NAME 2, "cpu386"

        ; a real-mode 286 keeps FLAGS bits 12-14 clear; a 386 lets POPF set them
        pushf
        pop     ax
        or      ax, 7000h
        push    ax
        popf
        pushf
        pop     ax
        test    ax, 7000h
        jz      is286

        push    ds
        pop     es
        cld
        mov     si, src
        mov     di, dst
        mov     bx, src
        BENCH_BEGIN 2
        movzx   eax, bl         ;  3   movzx r,r (66 0F B6)
        movzx   ax, byte [bx]   ;  6   movzx r,m
        add     eax, ecx        ;  2   alu r,r with 66h: same as 16-bit
        shld    ax, dx, 4       ;  3   shld r
        bt      ax, 3           ;  3   bt r,imm
        setc    al              ;  4   setcc r
        cmp     ax, ax          ;  2
        je      near .n         ;  7+m, m = 1 (nop): 8
        nop
.n:     nop                     ;  3
        mov     cx, 10          ;  2
        rep movsd               ;  7 + 4*10 = 47
        BENCH_END 2
        ; 386: 3+6+2+3+3+4+2+8+3+2+47 = 83
        jmp     done

is286:  BENCH_BEGIN 1
        mov     ax, 1           ;  2
        BENCH_END 1

done:   mov     ax, 4C00h
        int     21h

src:    times 10 dd 12345678h
dst:    times 10 dd 0

; t_alu.asm - straight-line data movement, ALU and misc instructions.
; Every figure is the data-book value from the reference table
; (/work/shared/reference/x86-clocks-and-allocators.md section 1.2) or, where
; that table has no row, the clocks.c row named in brackets.  Columns: 286 386.
;
;@expect alu 286 83
;@expect alu 386 72
;@expect alu_n 286 1
;@expect alu_irqoff 286 0
;@expect misc 286 209
;@expect misc 386 206
;@expect unknown_insns 286 0
;@expect unknown_insns 386 0
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

        BENCH_NAME 1, "alu"
        BENCH_NAME 2, "misc"
        mov     bx, data
        xor     si, si

        BENCH_BEGIN 1
        mov     ax, 1234h       ;  2  2   mov r,imm
        mov     cx, ax          ;  2  2   mov r,r
        add     ax, cx          ;  2  2   alu r,r
        mov     dx, [bx]        ;  5  4   mov r,m
        add     dx, [bx+2]      ;  7  6   alu r,m
        mov     [bx+4], dx      ;  3  2   mov m,r
        sub     [bx+4], ax      ;  7  7   alu m,r
        and     ax, 0FFh        ;  3  2   alu r,imm (accumulator short form, same)
        or      word [bx], 1    ;  7  7   alu m,imm
        cmp     ax, [bx]        ;  6  6   cmp r,m
        cmp     [bx], ax        ;  7  5   cmp m,r      [cmp m,r]
        cmp     ax, 5           ;  3  2   cmp r,imm    [cmp r,imm]
        test    ax, cx          ;  2  2   test r,r
        test    [bx], ax        ;  6  5   test r,m
        inc     si              ;  2  2   inc r
        dec     word [bx+6]     ;  7  6   dec m
        neg     ax              ;  2  2   neg r        [neg/not r]
        not     word [bx+2]     ;  7  6   not m        [neg/not m]
        mov     word [bx+6], 5  ;  3  2   mov m,imm
        BENCH_END 1
        ; 286: 2+2+2+5+7+3+7+3+7+6+7+3+2+6+2+7+2+7+3 = 83
        ; 386: 2+2+2+4+6+2+7+2+7+6+5+2+2+5+2+6+2+6+2 = 72

        BENCH_BEGIN 2
        xchg    ax, cx          ;  3  3   xchg ax,r (91)
        xchg    cx, dx          ;  3  3   xchg r,r (87 /r)
        xchg    [bx], ax        ;  5  5   xchg r,m
        lea     si, [bx+2]      ;  3  2   [lea]
        push    ax              ;  3  2   push r
        pop     ax              ;  5  4   pop r
        push    word [bx]       ;  5  5   push m       [push m]
        pop     word [bx]       ;  5  5   pop m        [pop m]
        push    es              ;  3  2   push sreg    [push sreg]
        pop     es              ;  5  7   pop sreg     [pop sreg]
        mov     ax, ds          ;  2  2   mov r,sreg   [mov r,sreg]
        mov     es, ax          ;  2  2   mov sreg,r   [mov sreg,r]
        cbw                     ;  2  3   [cbw]
        cwd                     ;  2  2   [cwd]
        clc                     ;  2  2   [clc/stc/cmc/cld/std]
        cld                     ;  2  2
        nop                     ;  3  3   [nop]
        mov     al, 2           ;  2  2   mov r,imm
        xlatb                   ;  5  5   [xlat]
        shl     ax, 1           ;  2  3   shift r,1
        shl     word [bx+8], 1  ;  7  7   shift m,1
        mov     cl, 3           ;  2  2   mov r,imm
        shr     ax, cl          ;  8  3   shift r,cl: 286 5+n, n=3
        sar     word [bx+8], cl ; 11  7   shift m,cl: 286 8+n, n=3
        rol     ax, 4           ;  9  3   rotate r,imm: 286 5+n, n=4
        rcr     dx, 1           ;  2  9   rcl/rcr r,1 (386: 9)
        mov     ax, 100         ;  2  2
        mov     cl, 7           ;  2  2
        div     cl              ; 14 14   [div r8] AL=14, AH=2
        mul     cx              ; 21 22   [mul r16] 386: top of 9-22
        imul    ax, si, 3       ; 21 22   [imul r,r,imm]
        mov     ax, 1000h       ;  2  2
        cwd                     ;  2  2
        mov     cx, 10h         ;  2  2
        idiv    cx              ; 25 27   [idiv r16] quotient 100h
        les     di, [bx]        ;  7  7   lds/les
        push    ds              ;  3  2
        pop     es              ;  5  7
        BENCH_END 2
        ; 286: 3+3+5+3+3+5+5+5+3+5+2+2+2+2+2+2+3+2+5+2+7+2+8+11+9+2+2+2+14+21+21
        ;      +2+2+2+25+7+3+5 = 209
        ; 386: 3+3+5+2+2+4+5+5+2+7+2+2+3+2+2+2+3+2+5+3+7+2+3+7+3+9+2+2+14+22+22
        ;      +2+2+2+27+7+2+7 = 206

        mov     ax, 4C00h
        int     21h

data:   dw      1, 2, 3, 4, 0

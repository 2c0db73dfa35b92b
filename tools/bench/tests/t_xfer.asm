; t_xfer.asm - calls, returns, jumps (near, indirect, far), ENTER/LEAVE, and
; software interrupts into handlers the program installed (dispatched by the
; harness, priced like any code).
; +m = length in bytes of the instruction executed next (the one at the target).
; Figures: reference table section 1.2 (CALL near 7+m, far 13+m / 17+m; RET
; 11+m / 10+m, RETF 15+m / 18+m; JMP 7+m; INT 23+m / 37; IRET 17+m / 22) and
; clocks.c rows [call r] [call m] [call far m] [jmp r] [jmp far m] [enter n,0]
; [leave] [inc/dec m].
;
;@expect calls 286 173
;@expect calls 386 184
;@expect jumps 286 70
;@expect jumps 386 70
;@expect isr 286 55
;@expect isr 386 68
;@expect isr_irqoff 286 52
;@expect isr_irqoff 386 65
;@expect isr_far 286 46
;@expect isr_far 386 61
;@expect isr_far_irqoff 286 46
;@expect isr_far_irqoff 386 61
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

        BENCH_NAME 1, "calls"
        BENCH_NAME 2, "jumps"
        BENCH_NAME 3, "isr"
        BENCH_NAME 4, "isr_far"

        mov     [fptr+2], cs
        mov     [fptr2+2], cs
        mov     [fptr3+2], cs

        BENCH_BEGIN 1
        call    nsub            ; call near 7+m, m = 1 (ret)           8   8
                                ; ret 11+m / 10+m, m = 3 (mov bx,iw)  14  13
        mov     bx, nsub        ;                                      2   2
        call    bx              ; call r 7+m, m = 1                    8   8
                                ; ret, m = 4 (call [nptr]: FF 16 iw)  15  14
        call    [nptr]          ; call m 11+m / 10+m, m = 1           12  11
                                ; ret, m = 4 (call far [fptr])        15  14
        call    far [fptr]      ; call far m 16+m / 22+m, m = 1       17  23
                                ; retf 15+m / 18+m, m = 1 (push ax)   16  19
        push    ax              ;                                      3   2
        call    nsub2           ; call near, m = 3 (ret 2)            10  10
                                ; ret n, m = 1 (push ax)              12  11
        push    ax              ;                                      3   2
        call    far [fptr2]     ; call far m, m = 3 (retf 2)          19  25
                                ; retf n, m = 1 (nop)                 16  19
        nop                     ;                                      3   3
        BENCH_END 1
        ; 286: 8+14+2+8+15+12+15+17+16+3+10+12+3+19+16+3 = 173
        ; 386: 8+13+2+8+14+11+14+23+19+2+10+11+2+25+19+3 = 184

jumps:  BENCH_BEGIN 2
        jmp     short .j1       ; 7+m, m = 3 (jmp near)               10  10
        nop
.j1:    jmp     near .j2        ; 7+m, m = 3 (mov bx, imm16)          10  10
        nop
.j2:    mov     bx, .j3         ;                                      2   2
        jmp     bx              ; jmp r 7+m, m = 4 (enter 4,0)        11  11
        nop
.j3:    enter   4, 0            ; 11 / 10                             11  10
        leave                   ;  5 / 4                               5   4
        jmp     far [fptr3]     ; jmp far m 15+m / 17+m, m = 1 (nop)  16  18
        nop
.j4:    nop                     ;                                      3   3
        mov     ax, 1           ;                                      2   2
        BENCH_END 2
        ; 286: 10+10+2+11+11+5+16+3+2 = 70
        ; 386: 10+10+2+11+10+4+18+3+2 = 70

        ; INT 60h into a near handler installed with INT 21h/25h
        mov     ax, 2560h
        mov     dx, handler
        int     21h
        BENCH_BEGIN 3
        int     60h             ; 286 23+m, m = 4 (inc word [counter]) 27; 386 37
                                ;   (handler) inc word [counter]: 7 / 6
                                ;   (handler) iret 17+m / 22, m = 1 (nop): 18 / 22
        nop                     ;                                     3   3
        BENCH_END 3
        ; 286: 27 + 7 + 18 + 3 = 55    386: 37 + 6 + 22 + 3 = 68
        ; the INT clears IF: INT, INC and IRET form one IF=0 run:
        ; 286: 27+7+18 = 52            386: 37+6+22 = 65
        cmp     word [counter], 1
        jne     fail

        ; INT 61h into a handler in another segment (allocated with 48h):
        ;   8C C8  mov ax, cs
        ;   CF     iret
        mov     ah, 48h
        mov     bx, 1
        int     21h
        jc      fail
        mov     es, ax
        mov     word [es:0], 0C88Ch
        mov     byte [es:2], 0CFh
        push    ds
        mov     ds, ax
        xor     dx, dx
        mov     ax, 2561h
        int     21h
        pop     ds
        BENCH_BEGIN 4
        int     61h             ; 286 23+m, m = 2 (mov ax,cs): 25; 386 37
                                ;   mov ax, cs: 2 / 2
                                ;   iret 17+m / 22, m = 2 (the END marker's OUT): 19 / 22
        BENCH_END 4
        ; 286: 25 + 2 + 19 = 46        386: 37 + 2 + 22 = 61
        mov     bx, es
        cmp     ax, bx          ; the handler really ran in that segment
        jne     fail

        mov     ax, 4C00h
        int     21h
fail:   mov     ax, 4C01h
        int     21h

nsub:   ret
nsub2:  ret     2
fsub:   retf
fsub2:  retf    2
handler:
        inc     word [counter]
        iret

nptr:   dw      nsub
fptr:   dw      fsub, 0
fptr2:  dw      fsub2, 0
fptr3:  dw      jumps.j4, 0
counter: dw     0

; t_inject.asm - injected hardware interrupts (BENCH_IRQ / bench_irq_arm,
; README.md "Injected interrupts").  The program checks itself and exits
; with the number of the first check that failed (0: all held):
;  1-4  K = 0..5 over six one-byte instructions: the interrupt lands at
;       boundary K exactly (the pushed IP is the K-th instruction), the flag
;       word says 1 (not deferred), every instruction ran exactly once (the
;       interrupted one after the IRET, not skipped, not twice)
;  5-9  due at boundary 1 inside a CLI ... STI window: deferred while IF = 0
;       and for the instruction after STI, taken at the first boundary
;       after it (flag = 1 + 4 deferred), with IF = 1 in the pushed FLAGS
;       and IF = TF = 0 in the handler
;  10-11 MOV SS holds it off for one instruction (flag 2)
;  12-21 state intact: every register, SP, the segment registers and CF
;       (the handler clobbers the flags) are as before the interrupt
;  22-23 disarmed before it was due: never taken, flag stays 0
;  24-26 the C form (bench_irq_arm, called with bcc's glue): boundary 0 is
;       the caller's first instruction after the CALL
; and irq_injected counts 6 + 1 + 1 + 1 + 1 = 10 interrupts per pass.
;
;@expect irq_injected 286 10
;@expect irq_injected 386 10
;@expect marker_errors 286 0
;@expect marker_errors 386 0
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

VEC     equ     60h

        xor     ax, ax
        mov     es, ax
        mov     word [es:VEC*4], isr
        mov     [es:VEC*4+2], cs
        push    cs
        pop     es

; 1-4: K = 0..5
        xor     di, di
kloop:  xor     si, si
        mov     cx, di
        mov     bx, flag
        BENCH_IRQ VEC
a0:     inc     si
a1:     inc     si
a2:     inc     si
a3:     inc     si
a4:     inc     si
a5:     inc     si
        BENCH_IRQ_OFF
        mov     al, 1
        cmp     si, 6
        jne     fail
        mov     al, 2
        cmp     word [flag], 1
        jne     fail
        mov     al, 3
        mov     bx, di
        shl     bx, 1
        mov     dx, [tab_a+bx]
        cmp     dx, [got_ip]
        jne     fail
        mov     al, 4
        mov     dx, cs
        cmp     dx, [got_cs]
        jne     fail
        inc     di
        cmp     di, 6
        jb      kloop

; 5-9: deferred while IF = 0 and across the STI shadow
        mov     cx, 1
        mov     bx, flag
        BENCH_IRQ VEC
        cli                     ; boundary 0: not due yet
        nop                     ; 1: due, IF = 0
        nop                     ; 2: IF = 0
        sti                     ; 3: IF = 0
        nop                     ; 4: after STI
b5:     nop                     ; 5: taken here
        BENCH_IRQ_OFF
        mov     al, 5
        cmp     word [got_ip], b5
        jne     fail
        mov     al, 6
        cmp     word [flag], 5
        jne     fail
        mov     al, 7
        test    word [got_fl], 0200h
        jz      fail
        mov     al, 8
        test    word [in_fl], 0300h
        jnz     fail
        mov     al, 9
        pushf
        pop     dx
        test    dx, 0200h
        jz      fail

; 10-11: MOV SS shadow
        mov     dx, ss
        mov     cx, 2
        mov     bx, flag
        BENCH_IRQ VEC
        nop                     ; boundary 0
        mov     ss, dx          ; 1
        nop                     ; 2: due, after MOV SS: held off
c3:     nop                     ; 3: taken
        BENCH_IRQ_OFF
        mov     al, 10
        cmp     word [got_ip], c3
        jne     fail
        mov     al, 11
        cmp     word [flag], 2
        jne     fail

; 12-21: the interrupted code's state
        mov     [save_sp], sp
        mov     cx, 8
        mov     bx, flag
        BENCH_IRQ VEC
        mov     ax, 1111h       ; 0
        mov     bx, 2222h       ; 1
        mov     cx, 3333h       ; 2
        mov     dx, 4444h       ; 3
        mov     si, 5555h       ; 4
        mov     di, 6666h       ; 5
        mov     bp, 7777h       ; 6
        stc                     ; 7
d8:     adc     ax, 0           ; 8: taken here; CF must still be 1
        BENCH_IRQ_OFF
        mov     [r_ax], ax
        mov     al, 12
        cmp     word [r_ax], 1112h
        jne     fail
        mov     al, 13
        cmp     bx, 2222h
        jne     fail
        mov     al, 14
        cmp     cx, 3333h
        jne     fail
        mov     al, 15
        cmp     dx, 4444h
        jne     fail
        mov     al, 16
        cmp     si, 5555h
        jne     fail
        mov     al, 17
        cmp     di, 6666h
        jne     fail
        mov     al, 18
        cmp     bp, 7777h
        jne     fail
        mov     al, 19
        cmp     sp, [save_sp]
        jne     fail
        mov     al, 20
        mov     dx, cs
        mov     bx, ds
        cmp     dx, bx
        jne     fail
        mov     bx, es
        cmp     dx, bx
        jne     fail
        mov     bx, ss
        cmp     dx, bx
        jne     fail
        mov     al, 21
        cmp     word [got_ip], d8
        jne     fail

; 22-23: disarmed before it was due
        mov     dx, [nirq]
        mov     cx, 20
        mov     bx, flag
        BENCH_IRQ VEC
        nop
        nop
        BENCH_IRQ_OFF
        mov     cx, 50
.spin:  loop    .spin
        mov     al, 22
        cmp     dx, [nirq]
        jne     fail
        mov     al, 23
        cmp     word [flag], 0
        jne     fail

; 24-26: the C form, with bcc's call glue
        mov     ax, flag
        push    ax
        mov     ax, VEC
        push    ax
        mov     ax, 1
        push    ax
        call    arm_c           ; JMP and RET of the routine are not counted
        add     sp, 6           ; boundary 0
e1:     nop                     ; 1: taken here
        nop
        call    disarm_c
        mov     al, 24
        cmp     word [got_ip], e1
        jne     fail
        mov     al, 25
        cmp     word [flag], 1
        jne     fail
        mov     al, 26
        cmp     word [nirq], 10
        jne     fail

        mov     ax, 4C00h
        int     21h
fail:   mov     ah, 4Ch
        int     21h

; bench_marks.asm's C routines, as bcc programs link them
arm_c:  out     0E9h, al
        jmp     short .d
        db      0BEh, 'i', 0
.d:     ret
disarm_c:
        out     0E9h, al
        jmp     short .d
        db      0BEh, 'x', 0
.d:     ret

; The handler: records where it interrupted, the pushed FLAGS and its own
; FLAGS, clobbers the flags, returns with IRET.
isr:    push    bp
        mov     bp, sp
        push    ax
        pushf
        pop     ax
        mov     [cs:in_fl], ax
        mov     ax, [bp+2]
        mov     [cs:got_ip], ax
        mov     ax, [bp+4]
        mov     [cs:got_cs], ax
        mov     ax, [bp+6]
        mov     [cs:got_fl], ax
        inc     word [cs:nirq]
        xor     ax, ax          ; CF = 0, ZF = 1: IRET must undo it
        pop     ax
        pop     bp
        iret

tab_a:  dw      a0, a1, a2, a3, a4, a5
flag:   dw      0
got_ip: dw      0
got_cs: dw      0
got_fl: dw      0
in_fl:  dw      0
nirq:   dw      0
save_sp: dw     0
r_ax:   dw      0

; bcc_rt.asm - the 32-bit arithmetic helpers bcc's code calls, for the
; module (which links no C library).  bcc's register contract, read off its
; generated code:
;   binary ops   BX:AX = left operand, DS:DI -> right operand (low word
;                first); result in BX:AX
;   shifts       BX:AX shifted by the count in DI
;   compare      flags as for "cmp BX:AX, [DI]" (signed and unsigned jumps)
;   test         flags as for "cmp BX:AX, 0"
;   inc/dec      BX -> the long in memory, updated in place
; Modifies: the result registers and flags; CX DX SI DI preserved.
; Context: any (pure register arithmetic).
; C twin: the host compiler's own 32-bit arithmetic; tests/dos/t_bccrt.c
; runs them (linked ahead of bcc's libc) against vectors from gcc's arithmetic.

cpu 286
section .text

global laddl, laddul, lsubl, lsubul, landl, landul, lorl, lorul
global leorl, leorul, lcmpl, lcmpul, ltstl, ltstul, lincl, lincul
global ldecl, ldecul, lcoml, lcomul, lnegl, lnegul
global lsll, lslul, lsrl, lsrul, lmull, lmulul
global ldivl, ldivul, lmodl, lmodul

laddl:
laddul:
    add ax, [di]
    adc bx, [di+2]
    ret

lsubl:
lsubul:
    sub ax, [di]
    sbb bx, [di+2]
    ret

landl:
landul:
    and ax, [di]
    and bx, [di+2]
    ret

lorl:
lorul:
    or ax, [di]
    or bx, [di+2]
    ret

leorl:
leorul:
    xor ax, [di]
    xor bx, [di+2]
    ret

; Compare: the high words decide (their CMP sets CF for unsigned and
; SF/OF for signed jumps alike); on equal high words the low words compare
; unsigned, and the flags are rebuilt from 0-1 (below, less) or 1-0
; (above, greater) so that both kinds of jump read them right.
lcmpl:
lcmpul:
    cmp bx, [di+2]
    jne .done
    cmp ax, [di]
    je .done
    push ax
    jb .less
    mov ax, 1
    cmp ax, 0
    pop ax
    ret
.less:
    xor ax, ax
    cmp ax, 1
    pop ax
.done:
    ret

ltstl:
ltstul:
    test bx, bx
    jnz .done
    test ax, ax
    jz .done
    push ax
    mov ax, 1
    test ax, ax                 ; nonzero, positive
    pop ax
.done:
    ret

lincl:
lincul:
    add word [bx], 1
    adc word [bx+2], 0
    ret

ldecl:
ldecul:
    sub word [bx], 1
    sbb word [bx+2], 0
    ret

lcoml:
lcomul:
    not ax
    not bx
    ret

lnegl:
lnegul:
    neg bx
    neg ax
    sbb bx, 0
    ret

lsll:
lslul:
    push cx
    mov cx, di
    and cx, 31
    jz .out
.loop:
    shl ax, 1
    rcl bx, 1
    loop .loop
.out:
    pop cx
    ret

lsrul:
    push cx
    mov cx, di
    and cx, 31
    jz .out
.loop:
    shr bx, 1
    rcr ax, 1
    loop .loop
.out:
    pop cx
    ret

lsrl:
    push cx
    mov cx, di
    and cx, 31
    jz .out
.loop:
    sar bx, 1
    rcr ax, 1
    loop .loop
.out:
    pop cx
    ret

; BX:AX * [DI], low 32 bits:  al*bl + ((ah*bl + al*bh) << 16)
lmull:
lmulul:
    push cx
    push dx
    push si
    mov si, ax                  ; a.lo
    mul word [di+2]             ; a.lo * b.hi
    mov cx, ax
    mov ax, bx
    mul word [di]               ; a.hi * b.lo
    add cx, ax
    mov ax, si
    mul word [di]               ; a.lo * b.lo
    add dx, cx
    mov bx, dx
    pop si
    pop dx
    pop cx
    ret

; Unsigned 32/32 division by shift and subtract.
; In: BX:AX dividend, [DI] divisor.  Out: BX:AX quotient, DX:CX remainder
; (internal).  Division by zero returns quotient FFFFFFFFh, remainder =
; dividend, instead of trapping.
udiv32:
    push si
    push bp
    xor cx, cx                  ; remainder DX:CX
    xor dx, dx
    mov si, 32
.bit:
    shl ax, 1
    rcl bx, 1
    rcl cx, 1
    rcl dx, 1
    cmp dx, [di+2]
    jne .cmp
    cmp cx, [di]
.cmp:
    jb .next
    sub cx, [di]
    sbb dx, [di+2]
    or ax, 1
.next:
    dec si
    jnz .bit
    pop bp
    pop si
    ret

ldivul:
    push cx
    push dx
    call udiv32
    pop dx
    pop cx
    ret

lmodul:
    push cx
    push dx
    call udiv32
    mov ax, cx
    mov bx, dx
    pop dx
    pop cx
    ret

; Signed division: divide magnitudes, quotient negative when the signs
; differ, remainder takes the dividend's sign (C89's usual truncation).
sdiv32:                         ; Out: BX:AX quotient, DX:CX remainder
    push si
    push di
    push bp
    mov bp, sp
    sub sp, 4                   ; [bp-4] = |divisor|
    mov cx, [di]
    mov [bp-4], cx
    mov cx, [di+2]
    mov [bp-2], cx
    xor si, si                  ; bit 0: dividend < 0, bit 1: divisor < 0
    test bx, bx
    jns .a
    call lnegl
    or si, 1
.a:
    test word [bp-2], 8000h
    jz .b
    neg word [bp-2]
    neg word [bp-4]
    sbb word [bp-2], 0
    or si, 2
.b:
    push ds
    push ss
    pop ds
    lea di, [bp-4]
    call udiv32
    pop ds
    mov di, si
    shr di, 1
    xor di, si
    test di, 1                  ; signs differ: negative quotient
    jz .qpos
    call lnegl
.qpos:
    test si, 1                  ; remainder takes the dividend's sign
    jz .rpos
    neg dx
    neg cx
    sbb dx, 0
.rpos:
    mov sp, bp
    pop bp
    pop di
    pop si
    ret

ldivl:
    push cx
    push dx
    call sdiv32
    pop dx
    pop cx
    ret

lmodl:
    push cx
    push dx
    call sdiv32
    mov ax, cx
    mov bx, dx
    pop dx
    pop cx
    ret

; 16-bit helpers: AX op BX -> AX (unsigned divide and remainder, signed
; remainder; bcc emits IDIV inline for signed division).  DX preserved;
; division by zero returns FFFFh (quotient) or the dividend (remainder)
; instead of trapping.
global idiv_u, imodu, imod
idiv_u:
    test bx, bx
    jz .zero
    push dx
    xor dx, dx
    div bx
    pop dx
    ret
.zero:
    mov ax, 0FFFFh
    ret

imodu:
    test bx, bx
    jz .zero
    push dx
    xor dx, dx
    div bx
    mov ax, dx
    pop dx
.zero:
    ret

imod:
    test bx, bx
    jz .zero
    push dx
    cwd
    idiv bx
    mov ax, dx
    pop dx
.zero:
    ret

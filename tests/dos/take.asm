; take.asm - t_pool.c's caller of mem_small_take, the register entry of the
; small-object allocator for NIC code in assembly (no C stub exists).
; Linked into every test COM (tests/dos/*.asm): only _dt_small_take is
; exported.
;
; mem_fp_t dt_small_take(unsigned size, unsigned *kept)
; C twin: none (a test helper).
; In:  [sp+2] size, [sp+4] near pointer to a word.
; Out: DX:AX (and BX:AX) = the block, 0:0 when the entry returned DI = 0.
;      *kept = 1 when the entry kept CX, DX, SI, BP and DS as documented
;      (each loaded with a pattern before the call), else 0.
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.
; Context: task, after mem_load().
cpu 286
%include "mem_api_idx.inc"

extern _mem_api_tab

section .text
global _dt_small_take
_dt_small_take:
    push bp
    mov bp, sp
    push si
    push di
    push ds
    mov bx, [bp+4]
    mov cx, 0C1C1h
    mov dx, 0D2D2h
    mov si, 05151h
    push bp
    mov bp, 0B3B3h
    call far [_mem_api_tab + 4 * MEM_FN_SMALL_TAKE]
    mov ax, bp
    pop bp
    xor bx, bx                      ; kept: 1 unless a register changed
    cmp cx, 0C1C1h
    jne .changed
    cmp dx, 0D2D2h
    jne .changed
    cmp si, 05151h
    jne .changed
    cmp ax, 0B3B3h
    jne .changed
    mov ax, ds
    mov cx, ss                      ; a .COM: DS = SS
    cmp ax, cx
    jne .changed
    inc bx
.changed:
    mov si, [bp+6]
    mov [si], bx
    mov ax, di
    mov dx, es
    test ax, ax
    jnz .ok
    xor dx, dx
.ok:
    mov bx, dx
    pop ds
    pop di
    pop si
    pop bp
    ret

; take.asm - t_pool.c's callers of the register entries (mem_small_take,
; mem_small_give, mem_pkt_take, mem_pkt_give) of the pools, which NIC code
; in assembly calls through the API table (no C stubs exist).
; Linked into every test COM (tests/dos/*.asm): only _dt_* names are
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

section .data
check_cxdx: dw 0                    ; 1: the entry promises to keep CX and DX

section .text
global _dt_small_take, _dt_pkt_take
_dt_small_take:
    mov word [check_cxdx], 1
    mov ax, 4 * MEM_FN_SMALL_TAKE
    jmp take_common

; mem_fp_t dt_pkt_take(unsigned len, unsigned *kept)
; C twin: none (a test helper).
; In:  [sp+2] len, [sp+4] near pointer to a word.
; Out: DX:AX (and BX:AX) = the buffer, 0:0 when the entry returned DI = 0;
;      *kept = 1 when the entry kept CX, DX, SI, BP and DS, else 0.
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.  Context: task.
_dt_pkt_take:
    mov word [check_cxdx], 1
    mov ax, 4 * MEM_FN_PKT_TAKE
take_common:                        ; AX = the entry's offset in the table
    push bp
    mov bp, sp
    push si
    push di
    push ds
    xchg ax, bx
    push word [_mem_api_tab + bx + 2]
    push word [_mem_api_tab + bx]
    mov bx, [bp+4]                  ; mem_small_take: the size in BX
    mov cx, bx                      ; mem_pkt_take: the length in CX
    mov dx, 0D2D2h
    mov si, 05151h
    push bp
    mov di, sp
    mov bp, 0B3B3h
    call far [ss:di+2]
    mov ax, bp
    pop bp
    add sp, 4
    xor bx, bx                      ; kept: 1 unless a register changed
    cmp si, 05151h
    jne .changed
    cmp ax, 0B3B3h
    jne .changed
    mov ax, ds
    mov si, ss                      ; a .COM: DS = SS
    cmp ax, si
    jne .changed
    cmp word [check_cxdx], 0
    je .kept
    cmp cx, [bp+4]
    jne .changed
    cmp dx, 0D2D2h
    jne .changed
.kept:
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

; int dt_small_give(mem_fp_t p, unsigned *kept)
; int dt_pkt_give(mem_fp_t p, unsigned *kept)
; C twin: none (test helpers).
; In:  [sp+2] p (offset, segment), [sp+6] near pointer to a word.
; Out: AX = what mem_small_give / mem_pkt_give returned; *kept = 1 when the
;      entry kept DX, SI, DI, ES, BP and DS as documented, else 0.
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.  Context: task.
global _dt_small_give, _dt_pkt_give
_dt_small_give:
    mov bx, 4 * MEM_FN_SMALL_GIVE
    jmp give_common
_dt_pkt_give:
    mov bx, 4 * MEM_FN_PKT_GIVE
give_common:
    push bp
    mov bp, sp
    push si
    push di
    push ds
    les di, [bp+4]
    push word [_mem_api_tab + bx + 2]
    push word [_mem_api_tab + bx]
    mov si, 05151h
    mov dx, 0D2D2h
    push bp
    mov bp, 0B3B3h
    mov bx, sp
    call far [ss:bx+2]
    mov cx, bp
    pop bp
    add sp, 4
    xor bx, bx
    cmp si, 05151h
    jne .changed
    cmp dx, 0D2D2h
    jne .changed
    cmp cx, 0B3B3h
    jne .changed
    cmp di, [bp+4]
    jne .changed
    mov cx, es
    cmp cx, [bp+6]
    jne .changed
    mov cx, ds
    mov dx, ss
    cmp cx, dx
    jne .changed
    inc bx
.changed:
    mov si, [bp+8]
    mov [si], bx
    pop ds
    pop di
    pop si
    pop bp
    ret

; unsigned dt_call_keeps(void (*fn)(), unsigned a, unsigned b)
; Calls fn(a, b) - a near C call, a client-library stub - with SI, DI and
; BP holding patterns (bcc keeps register variables in SI and DI).
; C twin: none (a test helper).
; In:  [sp+2] fn, [sp+4] a, [sp+6] b.
; Out: AX = 1 when fn kept SI, DI and BP, else 0; fn's DX:AX in
;      dt_ret_dx:dt_ret_ax.
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.  Context: task.
global _dt_call_keeps, _dt_ret_ax, _dt_ret_dx
_dt_call_keeps:
    push bp
    mov bp, sp
    push si
    push di
    mov [keep_bp], bp
    push word [bp+8]
    push word [bp+6]
    mov bx, [bp+4]
    mov si, 05151h
    mov di, 0A7A7h
    mov bp, 0B3B3h
    call bx
    mov cx, bp
    mov bp, [keep_bp]
    add sp, 4
    mov [_dt_ret_ax], ax
    mov [_dt_ret_dx], dx
    xor ax, ax
    cmp si, 05151h
    jne .changed
    cmp di, 0A7A7h
    jne .changed
    cmp cx, 0B3B3h
    jne .changed
    inc ax
.changed:
    pop di
    pop si
    pop bp
    ret

section .data
keep_bp:    dw 0
_dt_ret_ax: dw 0
_dt_ret_dx: dw 0

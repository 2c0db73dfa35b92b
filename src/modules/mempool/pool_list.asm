; pool_list.asm - the pools' list operations for task time: each one short
; interrupts-off window (CLI .. POPF) over a list the ISR-safe entries use
; at any moment (pool_fast.asm).  Group SVC of the sealed module
; (docs/architecture/resident-split.md): only mem_pool_service calls them.
; C twins: pool_list_c.c.  Layouts: pool.h / pool_fast.inc.
; Interrupts off (80286, CLI through POPF): pool_pop_main 36,
; pool_push_res 30, pool_splice 30, pool_detach 21.

cpu 286
%include "pool_fast.inc"

section .text

; Near, bcc calling convention (arguments on the stack, DS = module).

; u32 pool_pop_main(struct pool *pl)
; C twin: pool_pop_main_c() (pool_list_c.c).
; Out: DX:AX = the block popped from the main list (0 = empty); its state
;      and the counters are not touched.
; Modifies: AX BX CX DX ES.  Context: task (callable from an ISR too).
global _pool_pop_main
_pool_pop_main:
    mov bx, sp
    mov bx, [ss:bx+2]
    push di
    pushf
    cli                             ; 3
    les di, [bx+PL_HEAD_OFF]        ; 7
    test di, di                     ; 2
    jz .empty                       ; 3
    mov cx, [es:di+FB_NEXT_OFF]     ; 5
    mov [bx+PL_HEAD_OFF], cx        ; 3
    mov cx, [es:di+FB_NEXT_SEG]     ; 5
    mov [bx+PL_HEAD_SEG], cx        ; 3
    popf                            ; 5   = 36
    mov ax, di
    mov dx, es
    pop di
    ret
.empty:
    popf
    xor ax, ax
    xor dx, dx
    pop di
    ret

; void pool_push_res(struct pool *pl, u16 off, u16 seg)
; C twin: pool_push_res_c() (pool_list_c.c).  Push a free block on the
; reserve list, then count it.
; Modifies: AX BX CX DX ES.  Context: task.
global _pool_push_res
_pool_push_res:
    push bp
    mov bp, sp
    push di
    mov bx, [bp+4]
    mov di, [bp+6]
    mov es, [bp+8]
    pushf
    cli                             ; 3
    mov ax, [bx+PL_RES_OFF]         ; 5
    mov [es:di+FB_NEXT_OFF], ax     ; 3
    mov ax, [bx+PL_RES_SEG]         ; 5
    mov [es:di+FB_NEXT_SEG], ax     ; 3
    mov [bx+PL_RES_OFF], di         ; 3
    mov [bx+PL_RES_SEG], es         ; 3
    popf                            ; 5   = 30
    inc word [bx+PL_NRES]
    pop di
    pop bp
    ret

; void pool_splice(struct pool *pl, u16 hoff, u16 hseg, u16 toff,
;                  u16 tseg)
; C twin: pool_splice_c() (pool_list_c.c).  Put the chain h..t (t's link
; is overwritten) on the front of the main list.
; Modifies: AX BX CX DX ES.  Context: task.
global _pool_splice
_pool_splice:
    push bp
    mov bp, sp
    push di
    mov bx, [bp+4]
    mov cx, [bp+6]
    mov dx, [bp+8]
    mov di, [bp+10]
    mov es, [bp+12]
    pushf
    cli                             ; 3
    mov ax, [bx+PL_HEAD_OFF]        ; 5
    mov [es:di+FB_NEXT_OFF], ax     ; 3
    mov ax, [bx+PL_HEAD_SEG]        ; 5
    mov [es:di+FB_NEXT_SEG], ax     ; 3
    mov [bx+PL_HEAD_OFF], cx        ; 3
    mov [bx+PL_HEAD_SEG], dx        ; 3
    popf                            ; 5   = 30
    pop di
    pop bp
    ret

; u32 pool_detach(struct pool *pl)
; u32 pool_detach_res(struct pool *pl)
; C twins: pool_detach_c(), pool_detach_res_c() (pool_list_c.c).  Take
; the whole main list / reserve list (DX:AX, 0 = empty); that list is left
; empty (when it is the main list, allocations fall back on the reserve).
; Modifies: AX BX CX DX ES.  Context: task.
global _pool_detach, _pool_detach_res
_pool_detach_res:
    mov bx, sp
    mov bx, [ss:bx+2]
    add bx, PL_RES_OFF - PL_HEAD_OFF  ; the reserve's head: same layout
    jmp detach_list
_pool_detach:
    mov bx, sp
    mov bx, [ss:bx+2]
detach_list:                        ; BX -> a list head (far pointer)
    xor cx, cx
    pushf
    cli                             ; 3
    les ax, [bx+PL_HEAD_OFF]        ; 7
    mov [bx+PL_HEAD_OFF], cx        ; 3
    mov [bx+PL_HEAD_SEG], cx        ; 3
    popf                            ; 5   = 21
    mov dx, es
    test ax, ax
    jnz .out
    xor dx, dx
.out:
    ret

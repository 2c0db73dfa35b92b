; pheap_stats.asm - mem_pool_stats(MEM_POOL_HEAP): the packet heap's
; figures.  Part of the heap's part of the core (pheap.asm says where it
; lies): dropped with it when no heap is configured, so that a driver
; without a heap keeps none of it; pool_stats.asm calls it only when one
; is.  C twin: the MEM_POOL_HEAP branch of mod_pool_stats (pool_svc_c.c).

cpu 286
%include "pool_fast.inc"
%include "pheap.inc"

section .text

extern _pools, _pheap
global pheap_stats

; pheap_stats - fill a struct mem_pool_stats (memory_api.h: the heap's
; figures) at SS:DI, zeroed by the caller: stride 16, total the heap's
; bytes, used and high (buffers, of one instant), low the gap's least
; size, fails, bad, arenas 1, umb_arenas, first_seg.
; In: SS:DI the record (DS = SS = the module: the C gate's task context).
; Out: the record.  Modifies: AX BX CX DX ES flags.  Context: task.
; Window: 18 (high and room of one instant).
pheap_stats:
    mov bx, _pools + POOL_HEAP_REC * PL_SIZE
    mov word [di+ST_STRIDE], 16
    mov ax, [_pheap+PH_END]
    sub ax, PHEAP_FIRST
    mov [di+ST_TOTAL], ax
    mov ax, [_pheap+PH_GAPMIN]
    mov [di+ST_LOW], ax
    inc word [di+ST_ARENAS]
    mov cx, [_pheap+PH_SEG]
    mov [di+ST_FIRST], cx
    mov es, cx
    mov al, [es:AH_FLAGS]
    and ax, AF_UMB
    mov [di+ST_UMB], ax
    pushf
    cli                         ; 3  window: high and room of one instant
    mov ax, [bx+PL_HIGH]        ; 5
    mov dx, [bx+PL_ROOM]        ; 5
    popf                        ; 5  = 18
    neg dx
    add dx, ax                  ; used = high - room
    mov [di+ST_USED], dx
    cmp ax, dx                  ; high: a climb not yet ended by a free
    jae .h                      ; is above the mark
    mov ax, dx
.h: mov [di+ST_HIGH], ax
    mov ax, [bx+PL_FAILS]
    mov [di+ST_FAILS], ax
    mov ax, [bx+PL_BAD]
    mov [di+ST_BAD], ax
    ret

; pool_stats.asm - mem_pool_stats: one pool's figures for the caller.
; Group STATS of the sealed module (docs/architecture/resident-split.md):
; it refers to the core and to itself only.
; C twin: mod_pool_stats() and pool_public() in pool_svc_c.c.

cpu 286
%include "pool_fast.inc"
%include "mod_core.inc"

section .text

extern _pools, _pool_ctl, _pool_ready, _pool_npkt, pool_ptrs, pheap_stats

global _mod_pool_stats

; int mem_pool_stats(mem_u16 pool, mem_fp_t out)
; Copy pool's statistics (struct mem_pool_stats) to *out, up to the size
; the caller put in its first word (which is left alone).  pool: 0..4,
; MEM_POOL_PKTC(k) of a configured class (5 and 6: the smallest and the
; largest class), MEM_POOL_NONE (only bad: the size errors), MEM_POOL_HEAP
; when a packet heap is configured.
; Out: AX = MEM_OK, MEM_E_INVAL (no such pool, out null, size < 2, before
; init).  Modifies: AX BX CX DX ES.
; Context: task (through the C gate: DS = SS = the module).
; Reported figures (pool.h): high = max(high_prev, high, used); low =
; min(low, total - max(high, used)).
; (struct mem_pool_stats: the ST_* offsets of pool_fast.inc)
R         equ -36               ; the record on the stack: [bp+R ..]
_mod_pool_stats:
    push bp
    mov bp, sp                  ; [bp+4] pool, [bp+6] out off, [bp+8] seg
    push si
    push di
    sub sp, ST_SIZE
    mov dx, MEM_E_INVAL
    cmp word [bp+8], 0
    je .out
    cmp byte [_pool_ready], 0
    je .out
    mov ax, [bp+4]              ; the public index -> the internal one
    mov cl, [_pool_npkt]
    xor ch, ch
    cmp ax, POOL_PKT_FIRST
    jb .have
    je .have                    ; 5: the smallest packet class
    cmp ax, 6
    jne .n7
    mov ax, POOL_PKT_FIRST - 1  ; 6: the largest
    add ax, cx
    jmp .have
.n7:
    cmp ax, 7
    jne .n12
    mov ax, POOL_N              ; MEM_POOL_NONE
    jmp .have
.n12:
    cmp ax, 12                  ; MEM_POOL_HEAP, when there is one
    jne .pktc
    mov ax, POOL_HEAP_REC
    cmp [_pools + POOL_HEAP_REC * PL_SIZE + PL_INDEX], al
    je .have
    jmp .out
.pktc:
    sub ax, 8                   ; MEM_POOL_PKTC(k)
    cmp ax, cx
    jae .out
    add ax, POOL_PKT_FIRST
.have:
    les bx, [bp+6]
    mov cx, [es:bx]             ; the caller's size
    cmp cx, 2
    jb .out
    cmp cx, ST_SIZE
    jbe .sz
    mov cx, ST_SIZE
.sz:
    push cx
    push ax
    push ss
    pop es
    lea di, [bp+R]
    mov cx, ST_SIZE / 2
    xor ax, ax
    cld
    rep stosw
    pop ax
    cmp ax, POOL_N
    jne .heap
    mov ax, [_pools + POOL_N * PL_SIZE + PL_FAILS]  ; pool_bad_none
    mov [bp+R+ST_BAD], ax
    jmp .copy
.heap:
    cmp ax, POOL_HEAP_REC
    jne .pool
    lea di, [bp+R]
    call pheap_stats            ; the heap's part (pheap_stats.asm)
    jmp .copy
.pool:
    call pool_ptrs              ; BX = record, SI = figures (pool_svc.asm)
    mov ax, [si+CTL_BSIZE]
    mov [bp+R+ST_BLOCK], ax
    mov ax, [si+CTL_STRIDE]
    mov [bp+R+ST_STRIDE], ax
    mov cx, [si+CTL_TOTAL]
    mov [bp+R+ST_TOTAL], cx
    pushf
    cli                         ; 3  window: high and room of one instant
    mov ax, [bx+PL_HIGH]        ; 5
    mov dx, [bx+PL_ROOM]        ; 5
    popf                        ; 5  = 18
    neg dx
    add dx, ax                  ; used = high - room
    mov [bp+R+ST_USED], dx
    cmp ax, dx                  ; AX = max(high, used): a climb not yet
    jae .h1                     ; ended by a free is above high
    mov ax, dx
.h1:
    mov dx, ax
    cmp dx, [si+CTL_HIGH_PREV]
    jae .h2
    mov dx, [si+CTL_HIGH_PREV]
.h2:
    mov [bp+R+ST_HIGH], dx
    sub cx, ax                  ; total - max(high, used), not below 0
    jae .l1
    xor cx, cx
.l1:
    cmp cx, [si+CTL_LOW]
    jbe .l2
    mov cx, [si+CTL_LOW]
.l2:
    mov [bp+R+ST_LOW], cx
    mov ax, [bx+PL_FAILS]
    mov [bp+R+ST_FAILS], ax
    mov ax, [bx+PL_BAD]
    mov [bp+R+ST_BAD], ax
    mov ax, [si+CTL_GROWS]
    mov [bp+R+ST_GROWS], ax
    mov ax, [si+CTL_SHRINKS]
    mov [bp+R+ST_SHRINKS], ax
    mov ax, [bx+PL_NRES]
    mov [bp+R+ST_RESERVE], ax
    mov cx, [si+CTL_ARENAS]
    mov [bp+R+ST_FIRST], cx
.arena:
    jcxz .copy
    inc word [bp+R+ST_ARENAS]
    mov es, cx
    test byte [es:AH_FLAGS], AF_UMB
    jz .n
    inc word [bp+R+ST_UMB]
.n: mov cx, [es:AH_NEXT]
    jmp .arena
.copy:
    pop cx                      ; bytes the caller takes
    sub cx, 2
    lea si, [bp+R+2]
    les di, [bp+6]
    add di, 2
    rep movsb                   ; DS = SS here
    xor dx, dx
.out:
    mov ax, dx
    add sp, ST_SIZE
    pop di
    pop si
    pop bp
    ret

; pool_svc.asm - the pools at task time: mem_pool_service (an arena added
; when a pool runs low, arenas given back when all their blocks are free,
; the interrupt reserves refilled) and the DOS memory behind it.  Group SVC
; of the sealed module (docs/architecture/resident-split.md): it refers to
; the core and to itself only.
; C twins: pool_svc_c.c (pool_grow, pool_shrink_one, pool_epoch,
; pool_arena_used, mod_pool_service).
; Every list change goes through the core's short interrupts-off list
; operations (pool_fast.asm).  Near routines, bcc's calling convention:
; arguments from [sp+2], result AX, SI DI BP kept, DS = SS = the module.
; Context: init/task (DOS and XMS calls), never from an ISR.

cpu 286
%include "pool_fast.inc"
%include "mod_core.inc"

section .text

extern _pools, _pool_ready, _pool_npkt, _mod
extern _arena_tab, _arena_umb_seen, _arena_xms_umb_get, _arena_put
extern _pool_pop_main, _pool_push_res, _pool_splice, _pool_detach
extern _pool_detach_res, _pheap_putback

extern _arena_get
global _pool_grow, _pool_shrink_one, _pool_epoch
global _pool_arena_used, _pool_arena_layout, _mod_pool_service
global _pool_ctl, pool_ptrs

; The pools' task-time figures (struct pool_ctl, pool.h): only this group,
; mem_pool_stats (pool_stats.asm, the same group) and the set-up part read
; or write them, so they live here and move with the group.
pool_svc_data_beg:
_pool_ctl:      times POOL_N * CTL_SIZE db 0
pool_svc_data_end:

%if MEM_DEBUG
BS_SUB equ 2
%else
BS_SUB equ 0
%endif

; ------------------------------------------------------------ the pools

; Pool i -> BX = its record (pools + 24 i), SI = its figures (pool_ctl +
; 26 i).  In: AX = i (kept).  Modifies: BX SI.  (mem_pool_stats, the same
; group, calls it too.)
pool_ptrs:
    mov bx, ax
    shl bx, 3                   ; 8 i
    mov si, bx
    shl si, 1                   ; 16 i
    add bx, si                  ; 24 i
    mov si, bx
    add si, ax
    add si, ax                  ; 26 i
    add bx, _pools
    add si, _pool_ctl
    ret

; void pool_epoch(u16 pool)
; Fold the high-water epoch that ends now (the pool's total is about to
; change) into high_prev and low; the fast paths keep only high (pool.h):
; the new epoch starts with high = used, room = 0, set together in one
; window (25 clocks from CLI through POPF).
; C twin: pool_epoch() in pool_svc_c.c.  Modifies: AX BX CX DX.
_pool_epoch:
    push si
    mov bx, sp
    mov ax, [ss:bx+4]
    call pool_ptrs
    mov cx, [si+CTL_TOTAL]
    jcxz .out                   ; no blocks yet: nothing was seen
    xor dx, dx
    pushf
    cli                         ; 3  window:
    mov ax, [bx+PL_HIGH]        ; 5  the epoch's mark
    xchg dx, [bx+PL_ROOM]       ; 5  room = 0
    sub [bx+PL_HIGH], dx        ; 7  high = used
    popf                        ; 5  = 25
    test dx, dx
    jns .h
    sub ax, dx                  ; a climb not yet ended: the mark is used
.h: cmp ax, [si+CTL_HIGH_PREV]
    jbe .hp
    mov [si+CTL_HIGH_PREV], ax
.hp:
    sub cx, ax                  ; free at the peak
    jae .fr
    xor cx, cx
.fr:
    cmp cx, [si+CTL_LOW]
    jae .out
    mov [si+CTL_LOW], cx
.out:
    pop si
    ret

; arena_layout - an arena of CX blocks of pool i (SI = its figures, AX =
; i): DX = offset of block 0, CX = offset past the last, AX = paragraphs.
; A small-object arena keeps its paragraph map (one byte per paragraph up
; to the end) between the header and the blocks: first >= 16 + end / 16.
; Out: CF = 1 when the blocks alone pass 64 KB.  Modifies: AX CX DX.
; C twin: pool_arena_layout() in pool_svc_c.c.
arena_layout:
    push bx
    mov bx, ax                  ; i
    mov ax, cx
    mul word [si+CTL_STRIDE]    ; DX:AX = bytes of blocks
    test dx, dx
    jnz .big
    mov cx, ax                  ; CX = blocks
    mov dx, 16                  ; packets: the header only
    cmp bx, POOL_PKT_FIRST
    jae .done
    add ax, 256 + 14            ; first = ((256 + blocks + 14) / 15 + 15) & ~15
    jc .big
    xor dx, dx
    mov bx, 15
    div bx
    add ax, 15
    and ax, 0FFF0h
    mov dx, ax
.fit:                           ; while 16 + (first + blocks) / 16 > first
    mov ax, dx
    add ax, cx
    jc .big
    shr ax, 4
    add ax, 16
    cmp ax, dx
    jbe .done
    add dx, 16
    jmp .fit
.done:
    add cx, dx                  ; end
    jc .big
    mov ax, cx
    shr ax, 4
    pop bx
    clc
    ret
.big:
    pop bx
    stc
    ret

; void pool_arena_layout(u16 pool, u16 nblocks, u16 *paras, u16 *first,
;                        u16 *end)
; arena_layout for C (the checker).  C twin: pool_svc_c.c.
_pool_arena_layout:
    push bp
    mov bp, sp
    push si
    mov ax, [bp+4]
    call pool_ptrs
    mov ax, [bp+4]
    mov cx, [bp+6]
    call arena_layout
    mov bx, [bp+8]
    mov [bx], ax
    mov bx, [bp+10]
    mov [bx], dx
    mov bx, [bp+12]
    mov [bx], cx
    pop si
    pop bp
    ret

; int pool_grow(u16 pool, u16 nblocks)
; Add one arena of up to nblocks blocks (fewer when it would pass
; POOL_MAX_ARENA_BYTES, or the pool POOL_MAX_TOTAL blocks) to the pool, every block free, on the main list.
; C twin: pool_grow() in pool_svc_c.c.
; Out: AX = MEM_OK, MEM_E_INVAL (no block fits), or arena_get's error.
; Modifies: AX BX CX DX ES.  Context: init/task.
_pool_grow:
    push bp
    mov bp, sp                  ; [bp+4] pool [bp+6] nblocks
    push si
    push di
    sub sp, 8                   ; [bp-6] seg [bp-8] first [bp-10] end [bp-12] umb
    mov ax, [bp+4]
    call pool_ptrs
    mov cx, [bp+6]
.fit:                           ; the most blocks that fit one arena
    mov ax, MEM_E_INVAL
    test cx, cx
    jz .out
    mov bx, cx
    mov ax, [si+CTL_TOTAL]
    add ax, cx
    js .less                    ; room is signed: POOL_MAX_TOTAL (pool.h)
    push cx
    mov ax, [bp+4]
    call arena_layout
    pop bx
    jc .less
    cmp ax, POOL_MAX_ARENA_BYTES >> 4
    jbe .fits
.less:
    lea cx, [bx-1]
    jmp .fit
.fits:
    mov [bp+6], bx              ; the block count
    mov [bp-8], dx              ; first
    mov [bp-10], cx             ; end
    lea cx, [bp-12]
    push cx
    lea cx, [bp-6]
    push cx
    push word ARENA_UMB_OK
    push ax                     ; paragraphs
    call _arena_get
    add sp, 8
    test ax, ax
    jnz .out
    mov ax, [bp+4]
    call pool_ptrs              ; (arena_get kept SI; BX again)
    mov es, [bp-6]
    mov word [es:AH_SIG], ARENA_SIG_SMALL   ; packets: below
    mov ax, bx
    sub ax, _pools
    mov [es:AH_HOT], ax
    mov ax, [bp-10]
    shr ax, 4                   ; in paragraphs
    mov [es:AH_END], ax
    mov dx, [bp-8]
    mov [es:AH_FIRST], dx
    mov cx, [bp+6]
    mov [es:AH_NBLOCKS], cx
    mov ax, [si+CTL_ARENAS]
    mov [es:AH_NEXT], ax
    mov al, [bp+4]
    mov [es:AH_POOL], al
    mov al, [bp-12]             ; in_umb: AF_UMB = 1
    mov [es:AH_FLAGS], al
    mov ax, es
    xor ax, ARENA_CHECK
    mov [es:AH_CHECK], ax
    push cx
    mov di, AH_MAP              ; the map (or nothing, packets): PM_NONE
    mov cx, dx
    sub cx, di
    mov al, PM_NONE
    cld
    rep stosb
    pop cx                      ; blocks
    mov di, dx                  ; DI = the block
.block:
    mov ax, di
    add ax, [si+CTL_STRIDE]
    mov [es:di+FB_NEXT_OFF], ax
    mov [es:di+FB_NEXT_SEG], es
    cmp word [bp+4], POOL_PKT_FIRST
    jae .pkt
    mov ax, di
    shr ax, 4
    mov [es:di+FB_PARA], ax
    push bx
    mov bx, ax
    mov byte [es:bx+AH_MAP], PM_BLOCK_FREE
    pop bx
%if MEM_DEBUG
    mov ax, FB_KEEP
%endif
    jmp .next
.pkt:
    mov word [es:AH_SIG], ARENA_SIG_PKT     ; the signature says the kind
    mov ax, [bx+PL_CAP]
    mov [es:di+MEM_PKT_OFF_CAP], ax
    mov al, [bx+PL_HPOOL]
    mov [es:di+MEM_PKT_OFF_POOL], al
    mov word [es:di+MEM_PKT_OFF_MAGIC], 0
    mov ax, es
    xor ax, di
    xor ax, PKT_CHECK
    mov [es:di+MEM_PKT_OFF_CHECK], ax
%if MEM_DEBUG
    mov ax, PKT_KEEP
%endif
.next:
%if MEM_DEBUG
    push cx
    push di
    mov cx, [si+CTL_STRIDE]
    sub cx, ax
    add di, ax
    mov al, POOL_POISON
    rep stosb
    pop di
    pop cx
%endif
    add di, [si+CTL_STRIDE]
    loop .block
    sub di, [si+CTL_STRIDE]     ; the last block
    mov ax, es
    mov [si+CTL_ARENAS], ax
    inc word [si+CTL_NARENAS]
    push word [bp+4]
    call _pool_epoch            ; (keeps ES, SI, DI)
    add sp, 2
    mov ax, [bp+4]
    call pool_ptrs
    mov ax, es
    push ax                     ; tseg
    push di                     ; toff = the last block
    push ax                     ; hseg
    push word [bp-8]            ; hoff = first
    push bx
    call _pool_splice
    add sp, 10
    mov ax, [bp+6]
    add [si+CTL_TOTAL], ax
    xor ax, ax
.out:
    add sp, 8
    pop di
    pop si
    pop bp
    ret

; u16 pool_arena_used(u16 pool, u16 seg)
; Blocks of an arena handed out now: map bytes that say used (small
; objects), headers that carry the magic (packets).
; C twin: pool_svc_c.c.  Modifies: AX BX CX DX ES.
_pool_arena_used:
    push bp
    mov bp, sp
    push si
    push di
    mov ax, [bp+4]
    call pool_ptrs
    mov es, [bp+6]
    mov cx, [es:AH_NBLOCKS]
    mov di, [es:AH_FIRST]
    xor ax, ax
    jcxz .out
.next:
    cmp word [bp+4], POOL_PKT_FIRST
    jae .pkt
    mov bx, di
    shr bx, 4
    cmp byte [es:bx+AH_MAP], PM_BLOCK_USED
    jne .step
    inc ax
    jmp .step
.pkt:
    cmp word [es:di+MEM_PKT_OFF_MAGIC], MEM_PKT_MAGIC
    jne .step
    inc ax
.step:
    add di, [si+CTL_STRIDE]
    loop .next
.out:
    pop di
    pop si
    pop bp
    ret

; chain_add - append the free block DX:AX (seg:off) to the chain whose
; state is at [BP + CX] (head off, head seg, tail off, tail seg, count).
; Modifies: AX BX DX ES.
chain_add:
    push di
    mov di, cx
    cmp word [bp+di+8], 0
    jne .link
    mov [bp+di], ax
    mov [bp+di+2], dx
    jmp .tail
.link:
    les bx, [bp+di+4]           ; the tail
    mov [es:bx+FB_NEXT_OFF], ax
    mov [es:bx+FB_NEXT_SEG], dx
.tail:
    mov [bp+di+4], ax
    mov [bp+di+6], dx
    inc word [bp+di+8]
    pop di
    ret

; int pool_shrink_one(u16 pool)
; Give back one arena of the pool (not its last) whose blocks are all free
; and on a list.  The main list is detached, the arena's blocks filtered
; out with interrupts on (allocations meanwhile use the reserve), and the
; rest put back in one splice; then the same for the reserve when some of
; the arena's blocks are there.  An allocation meanwhile (a block of the
; arena missing from both lists) keeps the arena.
; C twin: pool_shrink_one() in pool_svc_c.c.
; Out: AX = 1 an arena given back, 0 none.  Modifies: AX BX CX DX ES.
KEEP equ -18                    ; chains on the stack: head off, head seg,
DROP equ -28                    ; tail off, tail seg, count
_pool_shrink_one:
    push bp
    mov bp, sp                  ; [bp+4] pool
    push si
    push di
    sub sp, 24                  ; [bp-6] the arena, [bp-8] the one before
    mov ax, [bp+4]
    call pool_ptrs
    xor ax, ax
    cmp word [si+CTL_NARENAS], 2
    jb .no
    mov word [bp-8], 0
    mov cx, [si+CTL_ARENAS]
.find:
    test cx, cx
    jz .no0                     ; every arena holds a used block
    push cx
    push cx
    push word [bp+4]
    call _pool_arena_used
    add sp, 4
    pop cx
    test ax, ax
    jz .found
    mov [bp-8], cx
    mov es, cx
    mov cx, [es:AH_NEXT]
    jmp .find
.found:
    mov [bp-6], cx              ; a = the arena
    mov ax, [bp+4]
    call pool_ptrs
    mov es, cx
    mov di, [es:AH_NBLOCKS]     ; n
    mov ax, [si+CTL_TOTAL]
    sub ax, [bx+PL_HIGH]
    add ax, [bx+PL_ROOM]        ; free = total - (high - room)
    mov dx, [si+CTL_LOWMARK]
    shl dx, 1
    add dx, di
    cmp ax, dx                  ; twice the grow mark left: no ping-pong
    jb .no0
    mov ax, [si+CTL_TOTAL]
    sub ax, di
    cmp ax, [si+CTL_MIN_TOTAL]
    jb .no0
    xor ax, ax
    mov [bp+KEEP+8], ax
    mov [bp+DROP+8], ax
    push bx
    call _pool_detach
    pop bx
.main:                          ; DX:AX = a block of the main list, 0 = end
    test ax, ax
    jz .mdone
    mov es, dx
    push bx
    mov bx, ax
    push word [es:bx+FB_NEXT_SEG]
    push word [es:bx+FB_NEXT_OFF]
    mov cx, KEEP
    cmp dx, [bp-6]
    jne .k
    mov cx, DROP
.k: call chain_add
    pop ax
    pop dx
    pop bx
    jmp .main
.mdone:
    cmp word [bp+KEEP+8], 0
    je .nokeep
    push word [bp+KEEP+6]
    push word [bp+KEEP+4]
    push word [bp+KEEP+2]
    push word [bp+KEEP]
    push bx
    call _pool_splice
    pop bx
    add sp, 8
.nokeep:
    cmp [bp+DROP+8], di
    je .all
    push bx                     ; the rest are on the reserve
    call _pool_detach_res
    pop bx
    mov word [bx+PL_NRES], 0    ; empty now: nobody counts it
.res:
    test ax, ax
    jz .all
    mov es, dx
    push bx
    mov bx, ax
    push word [es:bx+FB_NEXT_SEG]
    push word [es:bx+FB_NEXT_OFF]
    cmp dx, [bp-6]
    jne .back
    mov cx, DROP
    call chain_add
    jmp .rnext
.back:
    mov bx, sp
    mov bx, [ss:bx+4]           ; the record
    push dx
    push ax
    push bx
    call _pool_push_res
    add sp, 6
.rnext:
    pop ax
    pop dx
    pop bx
    jmp .res
.all:
    cmp [bp+DROP+8], di
    je .give
    cmp word [bp+DROP+8], 0     ; one was allocated meanwhile: keep a
    je .no0
    push word [bp+DROP+6]
    push word [bp+DROP+4]
    push word [bp+DROP+2]
    push word [bp+DROP]
    push bx
    call _pool_splice
    add sp, 10
.no0:
    xor ax, ax
.no:
    add sp, 24
    pop di
    pop si
    pop bp
    ret
.give:
    mov es, [bp-6]
    mov ax, [es:AH_NEXT]
    mov cx, [bp-8]
    jcxz .first
    mov es, cx
    mov [es:AH_NEXT], ax
    jmp .unlinked
.first:
    mov [si+CTL_ARENAS], ax
.unlinked:
    push word [bp+4]
    call _pool_epoch
    add sp, 2
    mov ax, [bp+4]
    call pool_ptrs
    sub [si+CTL_TOTAL], di
    dec word [si+CTL_NARENAS]
    inc word [si+CTL_SHRINKS]
    push word [bp-6]            ; arena_put wipes its header: stale
    call _arena_put             ; pointers into it fail from now on
    add sp, 2
    mov ax, 1
    jmp .no

; int mem_pool_service(void)
; Task-time upkeep: the packet heap's freed blocks put back (when there is
; one and no interrupt holds it); grow a pool by one arena when its free
; blocks fall under its low-water mark, give back arenas whose blocks are
; all free, refill each interrupt reserve.  C twin: mod_pool_service() (pool_svc_c.c).
; Out: AX = arenas added plus given back, MEM_E_NOMEM (a growth failed;
; counted in fails), MEM_E_STATE before init.
; Modifies: AX BX CX DX ES.  Context: task (through the C gate).
_mod_pool_service:
    push bp
    mov bp, sp
    push si
    push di
    sub sp, 4                   ; [bp-6] changed, [bp-8] a growth failed
    mov ax, MEM_E_STATE
    cmp byte [_pool_ready], 0
    je .ret
    cmp byte [_pools+POOL_HEAP_REC*PL_SIZE+PL_INDEX], POOL_HEAP_REC
    jne .noheap                 ; a packet heap: its freed blocks back
    call _pheap_putback         ; (unless an interrupt holds it)
.noheap:
    xor ax, ax
    mov [bp-6], ax
    mov [bp-8], ax
    xor di, di                  ; DI = the pool
.pool:
    mov ax, di
    call pool_ptrs
    mov ax, [si+CTL_TOTAL]
    sub ax, [bx+PL_HIGH]
    add ax, [bx+PL_ROOM]        ; free = total - (high - room)
    cmp ax, [si+CTL_LOWMARK]
    jae .shrink
    push word [si+CTL_GROW_N]
    push di
    call _pool_grow
    add sp, 4
    push ax
    mov ax, di
    call pool_ptrs
    pop ax
    test ax, ax
    jnz .gfail
    inc word [si+CTL_GROWS]
    inc word [bp-6]
    jmp .shrink
.gfail:
    inc word [bx+PL_FAILS]      ; one INC: the fast paths count it too
    mov word [bp-8], 1
.shrink:
    push di
    call _pool_shrink_one
    add sp, 2
    test ax, ax
    jz .refill
    inc word [bp-6]
    jmp .shrink
.refill:
    mov ax, di
    call pool_ptrs
    mov cx, 64                  ; at most 64 a run
.fill:
    mov ax, [bx+PL_NRES]
    cmp ax, [si+CTL_RES_TARGET]
    jae .nextp
    push cx
    push bx
    call _pool_pop_main
    pop bx
    test ax, ax
    jz .none
    push dx
    push ax
    push bx
    call _pool_push_res
    pop bx
    add sp, 4
    pop cx
    loop .fill
    jmp .nextp
.none:
    pop cx
.nextp:
    inc di
    mov al, [_pool_npkt]
    xor ah, ah
    add ax, POOL_PKT_FIRST
    cmp di, ax
    jb .pool
    mov ax, [bp-6]
    cmp word [bp-8], 0
    je .ret
    mov ax, MEM_E_NOMEM
.ret:
    add sp, 4
    pop di
    pop si
    pop bp
    ret

; void pool_release(void)
; Every arena of every pool back to DOS (arena_put wipes its header, so a
; stale pointer into it fails), every list and count emptied: init's way back
; when it fails half-way.  (Unload needs none of it: arena_release_all
; gives back every block, each with its header wiped by arena_put.)
; C twin: pool_release() in pool_svc_c.c.
; Modifies: AX BX CX DX ES.  Context: task/init (DOS calls), DS = module.
global _pool_release
_pool_release:
    push si
    push di
    mov si, _pool_ctl
    mov di, _pools
.pool:
    mov cx, [si+CTL_ARENAS]
.arena:
    jcxz .clear
    mov es, cx
    push word [es:AH_NEXT]
    push cx
    call _arena_put
    pop cx
    pop cx
    jmp .arena
.clear:
    xor ax, ax
    mov [si+CTL_ARENAS], ax
    mov [si+CTL_NARENAS], ax
    mov [si+CTL_TOTAL], ax
    mov [di+PL_HEAD_OFF], ax
    mov [di+PL_HEAD_SEG], ax
    mov [di+PL_RES_OFF], ax
    mov [di+PL_RES_SEG], ax
    mov [di+PL_NRES], ax
    add si, CTL_SIZE
    add di, PL_SIZE
    cmp si, _pool_ctl + POOL_N * CTL_SIZE
    jb .pool
    mov byte [_pool_ready], 0
    pop di
    pop si
    ret

; pheap.asm - the packet heap (pheap.h; docs/dev/packet-heap.md): the
; allocation entries a driver gets in place of the packet classes' when it
; configures a heap, and the put-back the service runs.  Freeing and
; referencing a heap buffer is the classes' code (pool_fast.asm): the heap
; arena names the heap record, whose main list takes a freed block.
; C twins: pheap_c.c.  Layouts: pheap.h / pheap.inc.
;
; Where it lies: the last part of the core (it never moves, so an
; interrupt handler may run it during the seal), from _pheap_beg to the
; first group; mem_seal drops it when no heap is configured (the API table
; then never names it), and moves the groups down over it.
;
; Concurrency (one CPU; interrupts are taken between instructions):
;  - the free-block list, the gap and its mark belong to the holder of the
;    lock byte, taken by one XCHG (an interrupt cannot split it) and
;    released by one MOV; the holder runs with interrupts as its caller
;    has them (no window of its own but the list's);
;  - frees of heap blocks, at any time, push on the heap record's main
;    list (GIVE, its window); the holder takes that list whole in one
;    window (26 clocks) and puts each block back;
;  - an allocation that finds the lock taken (an interrupt landing in a
;    heap call) allocates from the packet classes, whose reserve is the
;    heap's interrupt reserve; so does one the heap cannot place;
;  - used (room) changes by one DEC m, as the classes' TAKE.
;
; The build defines neither PLANT_HEAP_DRAIN2 nor PLANT_HEAP_NOLOCK: they
; put races back into the planted modules make emu-test builds, which
; tests/emu/e_inter.c's heap scenarios must fail: the freed list read and
; emptied in two windows (a free landing between them is lost), and an
; allocation that takes the lock without looking (an interrupt in a heap
; call runs the heap too).
;
; Clocks: 80286 data-book figures (shared/reference/x86-clocks-and-
; allocators.md 1.2, 0 wait states, +m = 1 for a taken branch).

cpu 286
%include "pool_fast.inc"
%include "pheap.inc"

section .text

extern _pools, _mod_pkt_take

global _pheap_beg, _pheap, _mod_pkt_htake, _mod_pkt_halloc, _pheap_putback

%if MEM_DEBUG
BS_SUB equ 2                        ; the guard word at the end of a block
%else
BS_SUB equ 0
%endif
HEAP_OFF  equ POOL_HEAP_REC * PL_SIZE
NONE_FAILS equ POOL_NONE_REC * PL_SIZE + PL_FAILS  ; pool_bad_none (pool.h)
; (an EQU naming _pools itself would be taken for an import of its own in
; the as86 object: every address of the record is _pools + a constant)

; ---------------------------------------------------------------- data
_pheap_beg:
_pheap:     times PH_SIZE db 0

; ------------------------------------------------------------ put back
; ph_link - link the free block ES:DI between the free blocks BX (below,
; 0 = none) and SI (above, 0 = none).  Modifies: flags.
ph_link:
    mov [es:di+HB_NEXT], si
    mov [es:di+HB_PREV], bx
    test bx, bx
    jz .first
    mov [es:bx+HB_NEXT], di
    jmp .up
.first:
    mov [cs:_pheap+PH_LOW], di
.up:
    test si, si
    jz .last
    mov [es:si+HB_PREV], di
    ret
.last:
    mov [cs:_pheap+PH_HIGH], di
    ret

; ph_unlink - take the free block ES:DI off the list.
; In: ES = the heap, DI = the block.  Modifies: BX SI flags (AX kept).
ph_unlink:
    mov bx, [es:di+HB_NEXT]
    mov si, [es:di+HB_PREV]
    test si, si
    jz .first
    mov [es:si+HB_NEXT], bx
    jmp .up
.first:
    mov [cs:_pheap+PH_LOW], bx
.up:
    test bx, bx
    jz .last
    mov [es:bx+HB_PREV], si
    ret
.last:
    mov [cs:_pheap+PH_HIGH], si
    ret

; ph_put - one freed block back in the list, coalesced with the free
; blocks right above and below it; its place found from the top for a
; block above the gap start, else from the bottom.  A block that joins
; the gap (or meets an empty gap) makes the joined block the gap.
; C twin: put_back() in pheap_c.c.
; In: ES = the heap, DI = the block, CX = its bytes.
; Modifies: AX BX CX SI DI flags.  Context: the lock's holder.
; Clocks: 19 a free block passed; then 60 to 110 to link or join.
ph_put:
    cmp di, [cs:_pheap+PH_GAP]
    jb .from_low
    xor si, si                          ; SI = the block above (0: none)
    mov bx, [cs:_pheap+PH_HIGH]         ; BX = the block below
.down:
    test bx, bx
    jz .found
    cmp bx, di
    jb .found
    mov si, bx
    mov bx, [es:bx+HB_PREV]
    jmp .down
.from_low:
    xor bx, bx
    mov si, [cs:_pheap+PH_LOW]
.up:
    test si, si
    jz .found
    cmp si, di
    ja .found
    mov bx, si
    mov si, [es:si+HB_NEXT]
    jmp .up
.found:                                 ; BX below, SI above (0: none)
    mov ax, di
    add ax, cx
    cmp ax, si                          ; (never 0: the heap ends below 64 KB)
    jne .below
    add cx, [es:si+HB_SIZE]             ; joins the block above: it leaves
    mov si, [es:si+HB_NEXT]             ; the list, its next is ours
.below:
    test bx, bx
    jz .link
    mov ax, [es:bx+HB_SIZE]
    add ax, bx
    cmp ax, di
    jne .link
    sub ax, bx                          ; joins the block below: it stays
    add cx, ax                          ; where it is, SI above it
    mov di, bx
    mov bx, [es:di+HB_PREV]
.link:
    call ph_link
.size:
    mov [es:di+HB_SIZE], cx
    mov ax, [cs:_pheap+PH_GAP]          ; DI <= gap <= DI + CX: the gap
    sub ax, di
    jb .ret
    cmp ax, cx
    ja .ret
    mov [cs:_pheap+PH_GAP], di
.ret:
    ret

; ph_drain - every block freed since the last heap call back in the heap:
; the heap record's main list taken whole in one window, each block put
; back (ph_put).  C twin: drain() in pheap_c.c.
; In: ES = the heap.  Modifies: AX BX CX DX SI DI flags.
; Context: the lock's holder.  Window: 21.
ph_drain:
    xor ax, ax                          ; 2
%ifndef PLANT_HEAP_DRAIN2
    pushf                               ; 3
    cli                                 ; 3  window:
    mov di, [cs:_pools+HEAP_OFF+PL_HEAD_OFF]    ; 5
    mov [cs:_pools+HEAP_OFF+PL_HEAD_OFF], ax    ; 3
    mov [cs:_pools+HEAP_OFF+PL_HEAD_SEG], ax    ; 3
    popf                                ; 5  = 21
%else
    pushf                               ; planted: the head read in one
    cli                                 ; window and cleared in another
    mov di, [cs:_pools+HEAP_OFF+PL_HEAD_OFF]    ; (a free in between
    popf                                ; is lost)
    pushf
    cli
    mov [cs:_pools+HEAP_OFF+PL_HEAD_OFF], ax
    mov [cs:_pools+HEAP_OFF+PL_HEAD_SEG], ax
    popf
%endif
.next:
    test di, di
    jz .done
    mov dx, [es:di+FB_NEXT_OFF]         ; the next one (same segment)
    mov cx, [es:di+MEM_PKT_OFF_CAP]
%if MEM_DEBUG
    add cx, BS_SUB
%endif
    call ph_put
    mov di, dx
    jmp .next
.done:
    ret

; int pheap_putback(void) - the service's part: the freed blocks back in
; the heap, when no one holds it.  Near, bcc's convention.
; C twin: pheap_putback_c() (pheap_c.c).
; Out: AX = 1 done, 0 the heap was busy (or not configured).
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.  Context: task.
_pheap_putback:
    xor ax, ax
    cmp [cs:_pheap+PH_SEG], ax
    je .out
    inc ax
    xchg al, [cs:_pheap+PH_BUSY]
    xor al, 1                           ; 1: it was free
    jz .out
    push si
    push di
    mov es, [cs:_pheap+PH_SEG]
    call ph_drain
    mov byte [cs:_pheap+PH_BUSY], 0
    pop di
    pop si
    mov ax, 1
.out:
    ret

; ---------------------------------------------------------- allocation
; mem_pkt_take with a heap: mem_pkt_alloc's register entry when the
; driver configured one (the API table names it in place of the classes'
; mem_pkt_take).  Frees put back, then frames up to top_len from the top
; end of the highest free block that holds them, others first fit from
; the bottom; the block's packet header set as mem_pkt_take sets it (cap
; = the block's bytes from the header on, pool = the heap's).
; C twin: pheap_alloc_c() (pheap_c.c).
; In:  CX = frame length.
; Out: ES:DI = the packet buffer; from the packet classes when the heap
;      is busy (an interrupt in a heap call) or holds no free block that
;      large (counted in the heap's fails); 0:0 when the length is 0 or
;      above MEM_PKT_MAX (pool_bad_none) or the classes have none either.
; Modifies: AX BX DI ES flags; keeps CX DX SI BP DS.
; Context: ISR-safe, re-entrant (a nested call finds the lock taken);
;      runs on the caller's stack (14 bytes; or 2, then mem_pkt_take's 6).
;      Interrupts stay as the caller has them but for the list's window.
; Clocks (make bench, 80286, the entry through its RETF; nothing freed
;   since the last heap call, the first free block looked at holds the
;   frame): heap_alloc_top 207, heap_alloc_bottom 297 (the rest of the
;   free block moves up: its header rewritten); each free block passed on
;   the way, 19; a block freed since, put back first (coalesced with the
;   free block above it): heap_alloc_put1 590, about 290 more, plus 19 a
;   free block passed on the way to its place.
global _mod_pkt_htake
_mod_pkt_htake:
    mov bx, cx                          ; 2
    dec bx                              ; 2  0 -> FFFFh
    cmp bx, MEM_PKT_MAX - 1             ; 3
    ja .bad                             ; 3
%ifndef PLANT_HEAP_NOLOCK
    mov al, 1                           ; 2
    xchg al, [cs:_pheap+PH_BUSY]        ; 5  the lock
    test al, al                         ; 2
    jnz .classes                        ; 3  busy: an interrupt in a heap call
%else
    mov byte [cs:_pheap+PH_BUSY], 1     ; planted: the lock taken unseen
%endif
    push dx                             ; 3
    mov es, [cs:_pheap+PH_SEG]          ; 5
    cmp word [cs:_pools+HEAP_OFF+PL_HEAD_OFF], 0    ; 6  blocks freed since?
    jne .drain                          ; 3  (one that lands now waits for
.placed:                                ;    the next call, as if after it)
    mov dx, cx                          ; 2
    add dx, MEM_PKT_DATA + BS_SUB + 15  ; 3
    and dx, 0FFF0h                      ; 3  DX = the block's bytes
    cmp cx, [cs:_pheap+PH_TOPLEN]       ; 6
    ja .bottom                          ; 3
    mov di, [cs:_pheap+PH_HIGH]         ; 5  from the top: the highest hole
.tnext:
    test di, di                         ; 2
    jz .full                            ; 3
    mov ax, [es:di+HB_SIZE]             ; 5
    sub ax, dx                          ; 2  AX = what stays free
    jae .tfound                         ; 7
    mov di, [es:di+HB_PREV]
    jmp .tnext
.tfound:
    jz .tall                            ; 3
    mov [es:di+HB_SIZE], ax             ; 3
.tgap:
    cmp di, [cs:_pheap+PH_GAP]          ; 6
    jne .tdone                          ; 3
    cmp ax, [cs:_pheap+PH_GAPMIN]       ; 6
    jae .tdone                          ; 7
    mov [cs:_pheap+PH_GAPMIN], ax
.tdone:
    add di, ax                          ; 2  the top end
    jmp .header                         ; 7
.tall:
    push si
    call ph_unlink                      ; keeps AX (0)
    pop si
    jmp .tgap
.drain:                                 ; out of line: blocks to put back
    push cx
    push si
    call ph_drain
    pop si
    pop cx
    jmp .placed
.bottom:
    mov di, [cs:_pheap+PH_LOW]          ; first fit from the bottom
.bnext:
    test di, di
    jz .full
    mov ax, [es:di+HB_SIZE]
    sub ax, dx                          ; AX = what stays free
    jae .bfound
    mov di, [es:di+HB_NEXT]
    jmp .bnext
.bfound:
    jz .ball
    push si                             ; the rest moves up, same links
    push di
    mov bx, [es:di+HB_PREV]
    mov si, [es:di+HB_NEXT]
    add di, dx
    mov [es:di+HB_SIZE], ax
    mov word [es:di+MEM_PKT_OFF_MAGIC], 0   ; frame data was there
    call ph_link
    pop di
    pop si
.bgap:
    cmp di, [cs:_pheap+PH_GAP]
    jne .header
    mov bx, di
    add bx, dx
    mov [cs:_pheap+PH_GAP], bx
    cmp ax, [cs:_pheap+PH_GAPMIN]
    jae .header
    mov [cs:_pheap+PH_GAPMIN], ax
    jmp .header
.ball:
    push si
    call ph_unlink
    pop si
    jmp .bgap
.full:                                  ; no free block holds it
    inc word [cs:_pools+HEAP_OFF+PL_FAILS]
    mov byte [cs:_pheap+PH_BUSY], 0
    pop dx
.classes:
    jmp _mod_pkt_take
.bad:
    inc word [cs:_pools+NONE_FAILS]
    xor di, di
    mov es, di
    retf
.header:                                ; ES:DI the block, DX its bytes
    xor ax, ax                          ; 2
    mov [es:di+0], ax                   ; 3  link
    mov [es:di+2], ax                   ; 3
    mov [es:di+MEM_PKT_OFF_LEN], cx     ; 3
    mov word [es:di+MEM_PKT_OFF_DATA], MEM_PKT_DATA    ; 3
%if MEM_DEBUG
    mov bx, di
    add bx, dx
    mov word [es:bx-2], POOL_GUARD
    sub dx, BS_SUB
%endif
    mov [es:di+MEM_PKT_OFF_CAP], dx     ; 3
    mov word [es:di+MEM_PKT_OFF_REF], PHEAP_HPOOL * 256 + 1    ; 3  ref 1, pool
    mov ax, es                          ; 2
    xor ax, di                          ; 2
    xor ax, PKT_CHECK                   ; 3
    mov [es:di+MEM_PKT_OFF_CHECK], ax   ; 3
    mov word [es:di+MEM_PKT_OFF_MAGIC], MEM_PKT_MAGIC  ; 3
    dec word [cs:_pools+HEAP_OFF+PL_ROOM]   ; 7  one instruction: used up
    mov byte [cs:_pheap+PH_BUSY], 0     ; 3
    pop dx                              ; 5
    retf                                ; 17

; mem_fp_t mem_pkt_alloc(u16 len) with a heap: the C entry (the API table
; names it in place of mem_pkt_alloc's when a heap is configured), an
; adapter onto mem_pkt_htake.
; C twin: pheap_alloc_c() (pheap_c.c).
; In:  [sp+4] len.  Out: DX:AX as mem_pkt_htake's ES:DI.
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
_mod_pkt_halloc:
    mov bx, sp
    mov cx, [ss:bx+4]
    push di
    push cs
    call _mod_pkt_htake
    mov ax, di
    mov dx, es
    pop di
    retf

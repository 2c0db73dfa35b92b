; pool_fast.asm - the pools' interrupt-safe fast paths (alloc/free of small
; objects and packet buffers, packet references) and the pools' resident
; data.  (The short interrupts-off list operations the task-time service
; uses are pool_list.asm, in the service's group.)
; C twins: pool_c.c.  Layouts: pool.h / pool_fast.inc.
;
; Concurrency (one CPU; interrupts are taken between instructions):
;  - every list change happens inside one PUSHF/CLI ... POPF window, and a
;    call opens one window (alloc: two only when the main list is empty
;    and the reserve is tried, each window short);
;  - room (high - used), fails, bad, nres change by single
;    read-modify-write instructions (INC/DEC m), which an interrupt cannot
;    split;
;  - the high-water mark is raised by the free that ends a climb past it
;    (its INC leaves room <= 0), out of line, in one short window that
;    moves high and room together (pool.h);
;  - a small block's state byte (paragraph map) goes from used to free by
;    one XCHG, so of two frees of one block exactly one sees "used"; a
;    block popped from a list belongs to the popper, which marks it used;
;  - a packet reference count is read, checked and written back inside
;    one window, and the result a call returns is the count it wrote: an
;    interrupt that frees, reallocates or references the buffer runs
;    before or after that window, never between the read and the write,
;    so "0 = freed" means this call freed it (nothing is ever undone).
; The build defines neither PLANT_GIVE_RACE nor PLANT_REF_REREAD: they put
; races back into the planted modules make emu-test builds, which
; tests/emu/e_inter.c must fail: a free that reads the list head before
; its window opens (the kind of list edit an interrupt's pop or push in
; the middle breaks), and free/ref results re-read after their window
; (issue 14's lying counts).  The first defect issue 14 found, used
; decremented after the push window, does no harm in this design: put
; back (room counted up after the window), e_inter passes it at every
; boundary.  The mark is raised only by a free that ends a climb, so an
; interrupt meeting a count one stale after a push raises it, at its own
; free, to what was in use just before that free: the true peak, never
; above it nor above total.  GIVE keeps the safe order anyway.
; Module data is reached with CS: overrides (DS stays the caller's); the
; far entries run on the caller's stack and keep SI DI BP DS.
;
; Clocks: 80286 data-book figures (shared/reference/x86-clocks-and-
; allocators.md 1.2, 0 wait states, +m = 1 for a taken branch here);
; segment-override prefixes cost 0.  Interrupts-off windows are counted
; from CLI through POPF:
;   alloc pop (main or reserve) 36, free push 30, packet free's count 25
;   (30 when references remain: the taken JNZ to the POPF), packet
;   reference 30, the high-water raise 28 (pool_list.asm: pool_pop_main
;   36, pool_push_res 30, pool_splice 30, pool_detach 21; pool_svc.asm:
;   pool_epoch 25; pool_stats.asm: 18).  No window reaches 40.

cpu 286
%include "pool_fast.inc"

section .text

global _pools, _pool_small_tab, _pool_pkt_tab
global _pool_corrupt, _pool_ready, _pool_npkt

%if MEM_DEBUG
BS_SUB equ 2                        ; the guard word at the end of a block
%else
BS_SUB equ 0
%endif
NONE_OFF  equ POOL_NONE_REC * PL_SIZE
BAD_NONE  equ _pools + NONE_OFF + PL_FAILS  ; pool_bad_none (pool.h)
PKT_OFF0  equ POOL_PKT_FIRST * PL_SIZE

; ---------------------------------------------------------------- data
pool_fast_data_beg:
_pools:         times POOL_RECS * PL_SIZE db 0
_pool_small_tab: times MEM_SMALL_MAX + 1 db NONE_OFF
_pool_pkt_tab:  times POOL_PKT_MAX_TAB db NONE_OFF
_pool_corrupt:  dw 0
_pool_ready:    db 0
_pool_npkt:     db 0
pool_fast_data_end:

; --------------------------------------------------------- allocation
; TAKE pfx - pop a block of the pool whose record is at CS:_pools+BX and
; count it (the main list; the reserve is tried out of line by TAKE_RES
; pfx, fail_label, which the entry places after its RETF).
; C twin: pool_take_c() in pool_c.c.
; In:  BX = the record's offset from _pools.
; Out: ES:DI = the block, counted (room down); TAKE_RES jumps to
;      fail_label (BX kept, DI = 0) when both lists are empty (counted in
;      fails).
; The block is popped, then counted: a block off the lists and not yet
; counted is merely one no one else can take.  The high-water mark is not
; touched here: a climb past it ends at a free, which raises it (GIVE).
; Modifies: AX DI ES flags.  Context: ISR-safe.
; Clocks (main list): 3 + 36 window + 7 room = 46.
%macro TAKE 1
    pushf                               ; 3
    TAKE_CLI %1
%endmacro

; TAKE_CLI pfx - TAKE after its PUSHF (an entry that needs its first
; instruction short pushes the flags first and finds the class after).
%macro TAKE_CLI 1
    cli                                 ; 3  window:
    les di, [cs:_pools+bx+PL_HEAD_OFF]  ; 7
    test di, di                         ; 2
    jz ..@%1_res                        ; 3
    mov ax, [es:di+FB_NEXT_OFF]         ; 5
    mov [cs:_pools+bx+PL_HEAD_OFF], ax  ; 3
    mov ax, [es:di+FB_NEXT_SEG]         ; 5
    mov [cs:_pools+bx+PL_HEAD_SEG], ax  ; 3
    popf                                ; 5  = 36
..@%1_got:
    dec word [cs:_pools+bx+PL_ROOM]     ; 7  one instruction: used up
%endmacro

; TAKE_RES pfx, fail_label - TAKE's out-of-line half: the main list was
; empty (the window is still open: close it); pop the interrupt reserve
; instead (take_res), counted as TAKE counts; fail_label when both lists
; are empty.
%macro TAKE_RES 2
..@%1_res:
    popf                                ; (window 3+7+2+8+5 = 25)
    call take_res
    jnc ..@%1_got
    jmp %2
%endmacro

; take_res - pop the interrupt reserve of the pool at BX (TAKE_RES).
; C twin: the reserve half of pool_take_c() (pool_c.c).
; In:  BX = record offset.
; Out: CF = 0 and ES:DI = the block (nres down; the caller counts it in
;      used), or CF = 1 and ES:DI = 0:0 when the reserve is empty too
;      (counted in fails).
; Modifies: AX DI ES flags.  Context: ISR-safe.  Window: 36.
take_res:
    pushf
    cli                                 ; 3  window:
    les di, [cs:_pools+bx+PL_RES_OFF]   ; 7
    test di, di                         ; 2
    jz .none                            ; 3
    mov ax, [es:di+FB_NEXT_OFF]         ; 5
    mov [cs:_pools+bx+PL_RES_OFF], ax   ; 3
    mov ax, [es:di+FB_NEXT_SEG]         ; 5
    mov [cs:_pools+bx+PL_RES_SEG], ax   ; 3
    popf                                ; 5  = 36
    dec word [cs:_pools+bx+PL_NRES]
    clc
    ret
.none:
    popf
    inc word [cs:_pools+bx+PL_FAILS]
    xor di, di
    mov es, di
    stc
    ret

; SMALL_USED - mark the small block ES:DI, just popped, as handed out: its
; map byte (paragraph index kept in the free block) goes to used.
; Modifies: BX flags.  Clocks: 8.
%macro SMALL_USED 0
%if MEM_DEBUG
    call dbg_take
%endif
    mov bx, [es:di+FB_PARA]             ; 5
    mov byte [es:bx+AH_MAP], PM_BLOCK_USED  ; 3
%endmacro

; SMALL2REC big_label - BX = a small-object size -> BX = its class's
; record offset, indexed by the size itself: sizes no class serves, 0
; among them, map to the "no class" record, whose lists are empty (the
; allocation fails into its fails, which is pool_bad_none).  Jumps to
; big_label for 256 and above (BH != 0), where SMALL_BIG takes 256 from
; the table's last entry and refuses the rest.  Clocks: 10.
%macro SMALL2REC 1
    test bh, bh                         ; 2  0..255: BH = 0
    jnz %1                              ; 3
    mov bl, [cs:_pool_small_tab+bx]     ; 5
%endmacro

; mem_small_take - mem_small_alloc's register entry, for NIC code in
; assembly (call far [_mem_api_tab + 4 * MEM_FN_SMALL_TAKE]); the client
; library's mem_small_alloc calls it too.
; C twin: pool_small_alloc_c() (pool_small_c.c).
; In:  BX = size in bytes.
; Out: ES:DI = the block; ES:DI = 0:0 when size is 0 or no class serves
;      it (counted in pool_bad_none) or the class is empty (counted in its
;      fails).  The block's offset is never 0 (an arena header is there).
; Modifies: AX BX DI ES flags; keeps CX DX SI BP DS.
; Context: ISR-safe, re-entrant, runs on the caller's stack (6 bytes).
; Clocks from the entry through RETF (main list): size -> class 10, TAKE
;   46, state 8, RETF 16 = 80 (make bench's caller has a 2-byte instruction
;   after its CALL FAR: RETF 17, 81); size 256 takes 16 more.  make bench
;   measures it as small_alloc.
global _mod_small_take
_mod_small_take:
    pushf                               ; 3  TAKE's; one byte, which is
    SMALL2REC .big                      ;    what the caller's CALL FAR
    TAKE_CLI take                       ;    costs past 13 on a 286
    SMALL_USED
    retf                                ; 16
    TAKE_RES take, .empty
.big:                                   ; BH != 0: 256 is the last class's
    cmp bx, MEM_SMALL_MAX               ; 3
    jne .bad                            ; 3
    mov bl, [cs:_pool_small_tab+MEM_SMALL_MAX]  ; 5
    mov bh, 0                           ; 2
    TAKE_CLI big                        ; the main path's pop, in line here
    SMALL_USED                          ; (a jump back would cost 8)
    retf
..@big_res:
    jmp ..@take_res
.bad:
    popf
    inc word [cs:BAD_NONE]
    xor di, di
    mov es, di
.empty:
    retf

; mem_fp_t mem_small_alloc(u16 size)
; The C entry of v1.0 callers: an adapter onto mem_small_take (the client
; library's stub calls the register entry directly).
; C twin: pool_small_alloc_c() (pool_c.c).
; In:  [sp+4] size.  Out: DX:AX = block, 0:0 as mem_small_take's DI = 0.
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
global _mod_small_alloc
_mod_small_alloc:
    mov bx, sp
    mov bx, [ss:bx+4]
    push di
    push cs
    call _mod_small_take
    jmp fp_of_esdi

; fp_of_esdi - the end of the C adapters of the allocation entries:
; DX:AX = ES:DI (0:0 when the entry found none); pops DI; RETF.
fp_of_esdi:
    mov ax, di
    mov dx, es
    pop di
    retf

; --------------------------------------------------------------- frees
; GIVE pfx - uncount the block ES:DI and push it on the main list of the
; pool at BX.  C twin: give() in pool_c.c.
; In:  BX = record offset, ES:DI = the block (its state already changed
;      to free by the caller, which owns it now).
; Out: falls through with the block on the list.
; Modifies: AX flags.  Context: ISR-safe.
; The high-water mark: allocations only count (room down), so room goes
; negative while used climbs past high; the free whose INC leaves room
; <= 0 ends such a climb and raises high out of line (GIVE_RAISE).
; used goes down (room up) before the push, never after it: a block on a
; list is never counted in used, so an interrupt that takes it (and counts
; it) cannot lift used, nor the mark raised from it, above total.
; (Counted down after the window, used ran one high until then: an
; interrupt landing there that took this block and freed another marked
; total + 1, which T_STORM caught.)  A block off the lists and out of used
; for the few clocks before the push is merely one that no one may take
; yet.
; Clocks: 7 room, 3 JLE, 3 + 30 window = 43.
%macro GIVE 1
    inc word [cs:_pools+bx+PL_ROOM]     ; 7  used down before the push
    jle ..@%1_raise                     ; 3  a climb past high ends here
..@%1_push:
%ifndef PLANT_GIVE_RACE
    pushf                               ; 3
    cli                                 ; 3  window:
%endif
    mov ax, [cs:_pools+bx+PL_HEAD_OFF]  ; 5
    mov [es:di+FB_NEXT_OFF], ax         ; 3
    mov ax, [cs:_pools+bx+PL_HEAD_SEG]  ; 5
    mov [es:di+FB_NEXT_SEG], ax         ; 3
%ifdef PLANT_GIVE_RACE
    pushf                               ; planted: the head read before
    cli                                 ; the window (e_inter)
%endif
    mov [cs:_pools+bx+PL_HEAD_OFF], di  ; 3
    mov [cs:_pools+bx+PL_HEAD_SEG], es  ; 3
    popf                                ; 5  = 30
%endmacro

; GIVE_RAISE pfx - GIVE's out-of-line half: give_raise, then the push.
%macro GIVE_RAISE 1
..@%1_raise:
    call give_raise
    jmp ..@%1_push
%endmacro

; give_raise - room was negative before this free, so used had passed
; high.  In one window, with this block (still off the lists) counted
; again: if used then passes high, high = that used and room = 1 (high -
; room unchanged).  That many blocks are off the lists at this instant,
; so the mark never passes what was reached nor total; an interrupt's free
; in between that brought room back up leaves it alone.
; C twin: the raise in give() (pool_c.c).
; In: BX = record offset.  Out: nothing.  Modifies: AX flags.
; Context: ISR-safe.  Clocks: window (CLI through POPF) 28.
give_raise:
    pushf                               ; 3
    cli                                 ; 3  window:
    mov ax, [cs:_pools+bx+PL_ROOM]      ; 5
    dec ax                              ; 2  this block counted again
    jns .no                             ; 3
    sub [cs:_pools+bx+PL_HIGH], ax      ; 7  high = used with this block
    mov word [cs:_pools+bx+PL_ROOM], 1  ; 3
.no:
    popf                                ; 5  = 28
    ret

; Out-of-line ends of mem_small_give, placed before it so that its
; conditional jumps stay short (2-byte Jcc, 3 clocks not taken).
sg_notused:
    cmp al, PM_BLOCK_FREE
    je sg_dbl
    mov [es:bx+AH_MAP], al              ; no block starts here: put it back
sg_bad:
    inc word [cs:BAD_NONE]
    mov ax, MEM_E_BADPTR
    retf
sg_dbl:
    mov bx, [es:AH_HOT]
    inc word [cs:_pools+bx+PL_BAD]
    mov ax, MEM_E_DOUBLEFREE
    retf
sg_notsmall:
    cmp word [es:AH_SIG], ARENA_SIG_PKT
    jne sg_bad                          ; no arena of ours
    call pkt_start                      ; a packet buffer: the wrong pool
    jc sg_bad
    mov bx, [es:AH_HOT]
    inc word [cs:_pools+bx+PL_BAD]
    mov ax, MEM_E_WRONGPOOL
    retf
%if MEM_DEBUG
sg_corrupt:
    mov ax, MEM_E_CORRUPT
    retf
%endif

; mem_small_give - mem_small_free's register entry, for NIC code in
; assembly (call far [_mem_api_tab + 4 * MEM_FN_SMALL_GIVE]); the client
; library's mem_small_free calls it too.
; C twin: pool_small_free_c() (pool_c.c).
; In:  ES:DI = the block.
; Out: AX = MEM_OK / MEM_E_BADPTR / MEM_E_DOUBLEFREE / MEM_E_WRONGPOOL /
;      MEM_E_CORRUPT (debug: guard word broken).
; The checks, from the arena header at ES:0000 (no division): check word
; (a segment that is no arena) and the small-object signature (a packet
; arena's, tested out of line, means a packet buffer: the wrong pool),
; the end of the blocks, a paragraph offset, then the state
; byte of the paragraph: XCHG'd to free, it says used for exactly one
; free of a live block; free = a double free; none = a pointer into a
; block or the arena's own bytes (the byte is put back).
; Modifies: AX BX CX flags; keeps DX SI DI ES BP DS.
; Context: ISR-safe, re-entrant, runs on the caller's stack (4 bytes).
; Clocks (release, through RETF): check word 14, signature and pool 9,
;   end and alignment 20, state 12, record 8, GIVE 43, result 2, RETF 16
;   = 124 (make bench's caller: RETF 17, 125).
global _mod_small_give
_mod_small_give:
    mov ax, es                          ; 2
    xor ax, ARENA_CHECK                 ; 3
    cmp ax, [es:AH_CHECK]               ; 6
    jne sg_bad                          ; 3
    cmp word [es:AH_SIG], ARENA_SIG_SMALL   ; 6  also the pool's kind
    jne sg_notsmall                     ; 3
    mov bx, di                          ; 2
    ror bx, 4                           ; 9  the paragraph; a misaligned
    cmp bx, [es:AH_END]                 ; 6  offset's low bits land on top,
    jae sg_bad                          ; 3  above any end (< 1000h)
%if MEM_DEBUG
    push bx
    mov bx, [es:AH_HOT]
    call dbg_guard_small
    pop bx
    jc sg_corrupt
%endif
    mov al, PM_BLOCK_FREE               ; 2
    xchg al, [es:bx+AH_MAP]             ; 5  one instruction
    test al, al                         ; 2  PM_BLOCK_USED = 0
    jnz sg_notused                      ; 3
    mov [es:di+FB_PARA], bx             ; 3  for the allocation path
    mov bx, [es:AH_HOT]                 ; 5
%if MEM_DEBUG
    mov cx, FB_KEEP
    call dbg_poison
%endif
    GIVE sg
    xor ax, ax                          ; 2
    retf                                ; 16
    GIVE_RAISE sg

; int mem_small_free(mem_fp_t p)
; The C entry of v1.0 callers: an adapter onto mem_small_give (the client
; library's stub calls the register entry directly).
; C twin: pool_small_free_c() (pool_c.c).
; In:  [sp+4] p (offset, then segment).  Out: AX as mem_small_give.
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
global _mod_small_free
_mod_small_free:
    push di
    mov bx, sp
    les di, [ss:bx+6]
    push cs
    call _mod_small_give
    pop di
    retf

; ------------------------------------------------------------- packets
; PKT2REC bad_label - CX = frame length -> BX = the record offset of the
; smallest class that holds it (pool_pkt_tab[(len - 1) >> 4]; lengths
; above the largest class map to the "no class" record), CX kept.  Jumps
; to bad_label for 0 and lengths above MEM_PKT_MAX.  Clocks: 24.
%macro PKT2REC 1
    mov bx, cx                          ; 2
    dec bx                              ; 2  0 -> FFFFh
    cmp bx, MEM_PKT_MAX - 1             ; 3
    ja %1                               ; 3
    shr bx, 4                           ; 9
    mov bl, [cs:_pool_pkt_tab+bx]       ; 5  BX <= 94: BH = 0
%endmacro

; PKT_BODY pfx, bad_label - CX = frame length -> ES:DI = a packet buffer
; with its header set (falls through), or a jump to bad_label (lengths 0
; and above MEM_PKT_MAX, to be counted in pool_bad_none) or ..@pfx_fail
; (every empty class on the way counted in its fails).  An empty class falls back to the next larger one.
; Modifies: AX BX DI ES flags.  Context: ISR-safe.
; Clocks (main list): class 24, TAKE 46, header 18 = 88.
%macro PKT_BODY 2
    PKT2REC %2
..@%1_try:
    TAKE %1
%if MEM_DEBUG
    call dbg_take
%endif
    mov word [es:di+0], 0               ; 3  link
    mov word [es:di+2], 0               ; 3
    mov [es:di+MEM_PKT_OFF_LEN], cx     ; 3
    mov word [es:di+MEM_PKT_OFF_DATA], MEM_PKT_DATA     ; 3
    mov byte [es:di+MEM_PKT_OFF_REF], 1                 ; 3
    mov word [es:di+MEM_PKT_OFF_MAGIC], MEM_PKT_MAGIC   ; 3
%endmacro

; PKT_OUT pfx - PKT_BODY's out-of-line half: the reserve, the next class,
; the size errors.  Falls into ..@pfx_fail with DI = 0.
%macro PKT_OUT 1
    TAKE_RES %1, ..@%1_next
..@%1_next:
    mov bx, [cs:_pools+bx+PL_NEXT]
    test bx, bx
    jnz ..@%1_try
..@%1_fail:
%endmacro

; mem_pkt_take - mem_pkt_alloc's register entry, for NIC code in assembly
; (call far [_mem_api_tab + 4 * MEM_FN_PKT_TAKE]); the client library's
; mem_pkt_alloc calls it too.
; C twin: pool_pkt_alloc_c() (pool_c.c).
; In:  CX = frame length.
; Out: ES:DI = the packet buffer, header set as mem_pkt_alloc sets it;
;      ES:DI = 0:0 when the length is 0 or above the largest class or no
;      buffer is free (counted as by mem_pkt_alloc).
; Modifies: AX BX DI ES flags; keeps CX DX SI BP DS.
; Context: ISR-safe, re-entrant, runs on the caller's stack (6 bytes).
; Clocks (main list): PKT_BODY 88, RETF 16 = 104.
pt_bad:
    inc word [cs:BAD_NONE]
    xor di, di
    mov es, di
    retf

global _mod_pkt_take
_mod_pkt_take:
    PKT_BODY pt, pt_bad
    retf
    PKT_OUT pt
    retf                                ; DI = 0

; mem_fp_t mem_pkt_alloc(u16 len)
; The C entry of v1.0 callers: an adapter onto mem_pkt_take.
; C twin: pool_pkt_alloc_tw() (pool_c.c).
; In:  [sp+4] len.  Out: DX:AX = packet buffer with its header set, 0:0
;      when len is 0 or too big (pool_bad_none) or no buffer is free.
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
global _mod_pkt_alloc
_mod_pkt_alloc:
    mov bx, sp
    mov cx, [ss:bx+4]
    push di
    push cs
    call _mod_pkt_take
    jmp fp_of_esdi

; pkt_start - is ES:DI the start of a packet buffer of ours?  By its check
; word (header +14 = segment ^ offset ^ PKT_CHECK, written when carved).
; C twin: the first test of pool_pkt_check_c() (pool_c.c).
; In: ES:DI.  Out: CF = 0 yes (AX destroyed), CF = 1 no.
; Modifies: AX flags.  Context: ISR-safe.  Clocks: 22 (yes).
pkt_start:
    cmp di, 0FFF0h                      ; 3  the word at +14 must not wrap
    ja .no                              ; 3
    mov ax, es                          ; 2
    xor ax, di                          ; 2
    xor ax, PKT_CHECK                   ; 3
    cmp ax, [es:di+MEM_PKT_OFF_CHECK]   ; 6
    jne .no                             ; 3
    ret                                 ; (CF = 0 from CMP equal)
.no:
    stc
    ret

; PKT_CHECK_IN pfx - the checks mem_pkt_free and mem_pkt_ref open with,
; inline: ES:DI a packet buffer start that is allocated.  Falls through
; with BX = its record offset; jumps to ..@pfx_notpkt (not a buffer
; start) or ..@pfx_nomagic (magic gone).  Clocks: 36.
%macro PKT_CHECK_IN 1
    mov ax, es                          ; 2  (first: a 2-byte instruction
    cmp di, 0FFF0h                      ; 3  costs the CALL FAR 1 less)
    ja ..@%1_notpkt                     ; 3  the word at +14 must not wrap
    xor ax, di                          ; 2
    xor ax, PKT_CHECK                   ; 3
    cmp ax, [es:di+MEM_PKT_OFF_CHECK]   ; 6
    jne ..@%1_notpkt                    ; 3
    cmp word [es:di+MEM_PKT_OFF_MAGIC], MEM_PKT_MAGIC   ; 6
    jne ..@%1_nomagic                   ; 3
    mov bx, [es:AH_HOT]                 ; 5  the arena's record
%endmacro

; PKT_CHECK_OUT pfx, out_label - PKT_CHECK_IN's error half: not a buffer
; start: a small block (wrong pool) or anything else (bad pointer, in
; pool_bad_none); magic gone: 0 = a double free, else corrupt (counted in
; the pool's bad once the arena header is confirmed).  AX = the error.
%macro PKT_CHECK_OUT 2
..@%1_notpkt:
    call small_start
    jc ..@%1_badptr
    inc word [cs:_pools+bx+PL_BAD]
    mov ax, MEM_E_WRONGPOOL
    jmp %2
..@%1_nomagic:
    call arena_of
    jc ..@%1_badptr
    inc word [cs:_pools+bx+PL_BAD]
    mov ax, MEM_E_DOUBLEFREE
    cmp word [es:di+MEM_PKT_OFF_MAGIC], 0
    je %2
    mov ax, MEM_E_CORRUPT
    jmp %2
..@%1_badptr:
    inc word [cs:BAD_NONE]
    mov ax, MEM_E_BADPTR
    jmp %2
%endmacro

; Out-of-line ends of mem_pkt_give, placed before it (short jumps).
    PKT_CHECK_OUT pg, pg_out
pg_zero:
    popf
    inc word [cs:_pools+bx+PL_BAD]
    mov ax, MEM_E_DOUBLEFREE
pg_out:
    retf
pg_still:
    popf                                ; the window ends here
pg_still_popped:
    mov al, cl                          ; what this call left
    xor ah, ah
    retf
%if MEM_DEBUG
pg_corrupt:
    mov byte [es:di+MEM_PKT_OFF_REF], 1 ; still in use: ours alone
    mov ax, MEM_E_CORRUPT
    retf
%endif

; mem_pkt_give - mem_pkt_free's register entry, for NIC code in assembly
; (call far [_mem_api_tab + 4 * MEM_FN_PKT_GIVE]); the client library's
; mem_pkt_free calls it too.
; C twin: pool_pkt_free_tw() (pool_c.c).
; In:  ES:DI = the packet buffer.
; Out: AX = references left (0 = freed by this call) or MEM_E_BADPTR /
;      MEM_E_DOUBLEFREE / MEM_E_WRONGPOOL / MEM_E_CORRUPT.
; Modifies: AX BX CX flags; keeps DX SI DI ES BP DS.
; Context: ISR-safe, re-entrant, runs on the caller's stack (4 bytes).
; Clocks (the last reference, release, through RETF): checks 36, count 28,
;   magic 3, GIVE 43, result 2, RETF 16 = 128.
global _mod_pkt_give
_mod_pkt_give:
    PKT_CHECK_IN pg
    pushf                               ; 3
    cli                                 ; 3  window:
    mov cl, [es:di+MEM_PKT_OFF_REF]     ; 5
    sub cl, 1                           ; 3
    jb pg_zero                          ; 3  it was 0: nothing written
    mov [es:di+MEM_PKT_OFF_REF], cl     ; 3  (MOV keeps SUB's flags)
%ifndef PLANT_REF_REREAD
    jnz pg_still                        ; 3  references left: POPF there
    popf                                ; 5  = 25
%else
    popf
    mov cl, [es:di+MEM_PKT_OFF_REF]     ; planted: re-read after the window
    test cl, cl
    jnz pg_still_popped
%endif
%if MEM_DEBUG
    call dbg_guard_pkt
    jc pg_corrupt
%endif
    mov word [es:di+MEM_PKT_OFF_MAGIC], 0   ; 3  the last reference was ours
%if MEM_DEBUG
    mov cx, PKT_KEEP
    call dbg_poison
%endif
    GIVE pg
    xor ax, ax                          ; 2
    retf                                ; 16
    GIVE_RAISE pg

; int mem_pkt_free(mem_fp_t p)
; The C entry of v1.0 callers: an adapter onto mem_pkt_give.
; C twin: pool_pkt_free_tw() (pool_c.c).
; In:  [sp+4] p.  Out: AX as mem_pkt_give.
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
global _mod_pkt_free
_mod_pkt_free:
    push di
    mov bx, sp
    les di, [ss:bx+6]
    push cs
    call _mod_pkt_give
    pop di
    retf

; Out-of-line ends of mem_pkt_ref, placed before it (short jumps).
    PKT_CHECK_OUT pr, pr_out
pr_lim:
    popf
    mov ax, MEM_E_LIMIT
    jmp pr_out
pr_dead:
    popf
    inc word [cs:_pools+bx+PL_BAD]
    mov ax, MEM_E_DOUBLEFREE
pr_out:
    pop di
    retf

; int mem_pkt_ref(mem_fp_t p)
; C twin: pool_pkt_ref_c() (pool_c.c).
; In:  [sp+4] p.  Out: AX = new reference count, MEM_E_LIMIT at 255, or
;      the errors of mem_pkt_free.
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
; Clocks: argument 9, PUSH DI 3, checks 36, window 33, result 2,
;   POP DI 5, RETF 16 = 104.
global _mod_pkt_ref
_mod_pkt_ref:
    push di                             ; 3
    mov bx, sp                          ; 2
    les di, [ss:bx+6]                   ; 7
    PKT_CHECK_IN pr
    pushf                               ; 3
    cli                                 ; 3  window:
    mov al, [es:di+MEM_PKT_OFF_REF]     ; 5
    inc al                              ; 2
    jz pr_lim                           ; 3  255 would wrap
    cmp al, 1                           ; 3
    je pr_dead                          ; 3  it was 0: freed meanwhile
    mov [es:di+MEM_PKT_OFF_REF], al     ; 3
    popf                                ; 5  = 30
%ifdef PLANT_REF_REREAD
    mov al, [es:di+MEM_PKT_OFF_REF]     ; planted: re-read after the window
%endif
    xor ah, ah                          ; 2
    pop di                              ; 5
    retf                                ; 16

; ------------------------------------------- slow-path classification
; arena_of - is ES a pool arena?  Check word and signature at ES:0000.
; C twin: pool_arena_ok_c() (pool_c.c).
; In: ES.  Out: CF = 0 and BX = its pool's record offset, or CF = 1.
; Modifies: AX BX flags.  Context: ISR-safe.
arena_of:
    mov ax, es
    xor ax, ARENA_CHECK
    cmp ax, [es:AH_CHECK]
    jne .no
    mov bx, [es:AH_SIG]
    cmp bx, ARENA_SIG_SMALL
    je .sig
    cmp bx, ARENA_SIG_PKT
    jne .no
.sig:
    mov bx, [es:AH_HOT]
    cmp bx, POOL_N * PL_SIZE            ; a class's record (CF = 1),
    jb .yes
    cmp bx, POOL_HEAP_REC * PL_SIZE     ; or the packet heap's
    jne .no
.yes:
    clc
    ret
.no:
    stc
    ret

; small_start - is ES:DI an allocated small block?  (mem_pkt_free and
; mem_pkt_ref call it to tell a wrong pool from a bad pointer.)
; C twin: pool_small_check_c() (pool_c.c).
; In: ES:DI.  Out: CF = 0 and BX = its record offset, or CF = 1.
; Modifies: AX BX flags.  Context: ISR-safe.
small_start:
    call arena_of
    jc .no
    cmp bx, PKT_OFF0
    jae .no
    push di
    ror di, 4                           ; misaligned: above any end
    cmp di, [es:AH_END]
    jae .nopop
    cmp byte [es:di+AH_MAP], PM_BLOCK_USED
    pop di
    jne .no
    clc
    ret
.nopop:
    pop di
.no:
    stc
    ret

%if MEM_DEBUG
; The block's stride in the debug build: cap + the guard word (a packet
; heap block's cap is in its header, the heap record has none).
; In: BX = record offset, ES:DI = the block.  Out: CX = stride.
; Modifies: CX flags.
dbg_stride:
    mov cx, [cs:_pools+bx+PL_CAP]
    cmp bx, POOL_HEAP_REC * PL_SIZE
    jne .rec
    mov cx, [es:di+MEM_PKT_OFF_CAP]     ; a heap block: its own size
.rec:
    add cx, BS_SUB
    ret

; dbg_take - debug build: the block's poison must be whole (else count it
; in pool_corrupt: written after it was freed), then set its guard word.
; In: BX = record offset, ES:DI = the block.  Modifies: flags.  ISR-safe.
dbg_take:
    push ax
    push cx
    push dx
    push di
    call dbg_stride
    mov dx, cx
    mov ax, FB_KEEP
    cmp bx, PKT_OFF0
    jb .k
    mov ax, PKT_KEEP
.k: sub cx, ax
    add di, ax
    mov al, POOL_POISON
    cld
    repe scasb
    je .ok
    inc word [cs:_pool_corrupt]
.ok:
    pop di
    push di
    add di, dx
    mov word [es:di-2], POOL_GUARD
    pop di
    pop dx
    pop cx
    pop ax
    ret

; dbg_poison - debug build: fill a block from CX on with the poison.
; In: BX = record offset, ES:DI = the block, CX = bytes kept.
; Modifies: CX flags.  ISR-safe.
dbg_poison:
    push ax
    push dx
    push di
    mov dx, cx
    call dbg_stride
    sub cx, dx
    add di, dx
    mov al, POOL_POISON
    cld
    rep stosb
    pop di
    pop dx
    pop ax
    ret

; dbg_guard_small - debug build: CF = 1 when the small block ES:DI is in
; use (its map byte) and its guard word is broken (counted in bad).
; dbg_guard_pkt - the same for an allocated packet buffer.
; In: BX = record offset, ES:DI.  Modifies: CX flags.
dbg_guard_small:
    push di
    shr di, 4
    cmp byte [es:di+AH_MAP], PM_BLOCK_USED
    pop di
    jne dbg_ok                          ; free: the state says it below
dbg_guard_pkt:
    push di
    call dbg_stride
    add di, cx
    cmp word [es:di-2], POOL_GUARD
    pop di
    je dbg_ok
    inc word [cs:_pools+bx+PL_BAD]
    stc
    ret
dbg_ok:
    clc
    ret
%endif

; ------------------------------------- near entries for the module's C
; mem_fp_t pool_pkt_alloc_c(u16 len) / int pool_pkt_free_c(mem_fp_t p)
; On DOS the packet twins' names are the fast paths themselves, so that
; task-time C in the module (xms_park.c) uses the ISR-safe code and the
; image carries no C twin.  C twins: pool_pkt_alloc_tw, pool_pkt_free_tw
; (pool_c.c, host).
; In: bcc near call, arguments at [sp+2].  Out: as mem_pkt_alloc /
; mem_pkt_free.  Modifies: AX BX CX DX ES flags.  Context: task/ISR.
global _pool_pkt_alloc_c
_pool_pkt_alloc_c:
    mov bx, sp
    push word [ss:bx+2]
    push cs
    call _mod_pkt_alloc             ; far frame: PUSH CS + near CALL
    add sp, 2
    ret

global _pool_pkt_free_c
_pool_pkt_free_c:
    mov bx, sp
    push word [ss:bx+4]
    push word [ss:bx+2]
    push cs
    call _mod_pkt_free
    add sp, 4
    ret


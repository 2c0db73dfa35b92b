; pool_fast.asm - the pools' interrupt-safe fast paths (alloc/free of small
; objects and packet buffers, packet references) and the short
; interrupts-off list operations the task-time service uses.
; C twins: pool.c, pool_small_c.c, pool_list_c.c.  Layouts: pool.h /
; pool_fast.inc.
;
; Concurrency (one CPU; interrupts are taken between instructions):
;  - every list change happens inside one PUSHF/CLI ... POPF window, and a
;    call opens one window (alloc: two only when the main list is empty
;    and the reserve is tried, each window short);
;  - used, fails, bad, nres change by single read-modify-write
;    instructions (INC/DEC m), which an interrupt cannot split;
;  - the high-water mark is raised without a window: compare, and when
;    higher XCHG it in and loop on the value taken out (a lower mark that
;    an interrupt wrote in between is put back; the maximum of everything
;    written survives);
;  - a packet reference count is read, checked and written back inside
;    one window, and the result a call returns is the count it wrote: an
;    interrupt that frees, reallocates or references the buffer runs
;    before or after that window, never between the read and the write,
;    so "0 = freed" means this call freed it (nothing is ever undone);
;  - a block popped from a list belongs to the popper until its in-use bit
;    is set; the free path tests and clears the bit and pushes the block in
;    one window, so a second free of a block sees the bit clear and changes
;    nothing.
; Module data is reached with CS: overrides (DS stays the caller's); the
; far entries run on the caller's stack and keep SI DI BP DS.
;
; Clocks: 80286 data-book figures (shared/reference/x86-clocks-and-
; allocators.md 1.2, 0 wait states, +m = 1 for a taken branch here);
; segment-override prefixes cost 0.  Interrupts-off windows are counted
; from CLI through POPF.
;   alloc pop (main or reserve) 36, free test-clear-push 46,
;   packet free's count 21, packet reference 30,
;   pool_pop_main 36, pool_push_res 30, pool_splice 30, pool_detach 21.
; No window reaches 48.

cpu 286
%include "pool_fast.inc"

section .text

extern _pools, _pool_bad_none, _pool_corrupt

%if MEM_DEBUG
BS_SUB equ 2                        ; the guard word at the end of a block
%else
BS_SUB equ 0
%endif
SMALL_USABLE_MAX equ MEM_SMALL_MAX - BS_SUB
PKT_SMALL_LEN    equ POOL_PKT_SMALL_STRIDE - BS_SUB - MEM_PKT_DATA
PKT_LEN          equ MEM_PKT_MAX

; ---------------------------------------------------------------- data
pool_fast_data_beg:
; size -> &pools[class]: word ((size - 1) & ~1) of the table (sizes 2k+1
; and 2k+2 share a word: every class limit is even), 0 = no class.
size_tab:
%assign k 0
%rep MEM_SMALL_MAX / 2
 %assign sz 2 * k + 2
 %if sz <= 16 - BS_SUB
    dw _pools + 0 * PL_SIZE
 %elif sz <= 32 - BS_SUB
    dw _pools + 1 * PL_SIZE
 %elif sz <= 64 - BS_SUB
    dw _pools + 2 * PL_SIZE
 %elif sz <= 128 - BS_SUB
    dw _pools + 3 * PL_SIZE
 %elif sz <= 256 - BS_SUB
    dw _pools + 4 * PL_SIZE
 %else
    dw 0
 %endif
 %assign k k + 1
%endrep
pool_tab:                           ; pool index -> &pools[index]
%assign k 0
%rep MEM_POOL_COUNT
    dw _pools + k * PL_SIZE
 %assign k k + 1
%endrep
bit_tab:
    db 1, 2, 4, 8, 16, 32, 64, 128
pool_fast_data_end:

; TAKE pfx - pop a block of the pool at CS:BX and account for it (the
; main list; the reserve is tried out of line by TAKE_RES pfx, fail_label,
; which the entry places after its RETF).
; C twin: pool_take_c() in pool.c.
; In:  BX -> struct pool (CS).
; Out: ES:DI = the block, its in-use bit set, used counted; BX is lost.
;      TAKE_RES jumps to fail_label (BX kept, DI = 0) when both lists are
;      empty (counted in fails).
; The high-water mark is not touched here: a peak of used ends at a free,
; and GIVE records it there (pool.h), which keeps the alloc path short.
; Modifies: AX BX DI ES flags.  Context: ISR-safe.
; Clocks (main list): 3+36 window + 7 used + 17 bit = 63.
%macro TAKE 1
    pushf                           ; 3
    cli                             ; 3  window:
    les di, [cs:bx+PL_HEAD_OFF]     ; 7
    test di, di                     ; 2
    jz ..@%1_res                       ; 3
    mov ax, [es:di+FB_NEXT_OFF]     ; 5
    mov [cs:bx+PL_HEAD_OFF], ax     ; 3
    mov ax, [es:di+FB_NEXT_SEG]     ; 5
    mov [cs:bx+PL_HEAD_SEG], ax     ; 3
    popf                            ; 5  = 36
..@%1_got:
    inc word [cs:bx+PL_USED]        ; 7  one instruction
%if MEM_DEBUG
    call dbg_take
%endif
    mov bx, [es:di+FB_MAP_OFF]      ; 5
    mov al, [es:di+FB_MASK]         ; 5
    or [es:bx], al                  ; 7  one instruction
%endmacro

; TAKE_RES pfx, fail_label - TAKE's out-of-line half: the main list was
; empty (the window is still open); pop the interrupt reserve instead.
%macro TAKE_RES 2
..@%1_res:
    popf                            ; (window 3+7+2+8+5 = 25)
    pushf
    cli                             ; 3  window:
    les di, [cs:bx+PL_RES_OFF]      ; 7
    test di, di                     ; 2
    jz ..@%1_none                      ; 3
    mov ax, [es:di+FB_NEXT_OFF]     ; 5
    mov [cs:bx+PL_RES_OFF], ax      ; 3
    mov ax, [es:di+FB_NEXT_SEG]     ; 5
    mov [cs:bx+PL_RES_SEG], ax      ; 3
    popf                            ; 5  = 36
    dec word [cs:bx+PL_NRES]
    jmp ..@%1_got
..@%1_none:
    popf
    inc word [cs:bx+PL_FAILS]
    xor di, di
    jmp %2
%endmacro

; GIVE - clear a block's in-use bit and push it on the main list.
; C twin: pool_give_c() in pool.c.
; In:  BX -> struct pool (CS), ES:DI = the block, SI = offset of its
;      bitmap byte, AL = its bit.
; Out: AX = MEM_OK, or MEM_E_DOUBLEFREE (bit already clear: nothing changed
;      but the pool's bad count).
; Modifies: AX CX flags.  Context: ISR-safe.
; The high-water mark: used, read before the block goes back, is raised
; into high without a window (compare; when higher XCHG it in and loop on
; the value taken out, so the maximum of everything written survives).
; Every peak of used ends at a free, so the marks taken here plus used
; itself (readers take the larger, pool.h) see every peak; an allocation
; by an interrupt between this read and the push can go unseen until the
; next free, never counted above what was reached.
; The block's map fields are written before the window: they are a
; function of its address, so writing them into a block that turns out to
; be free already changes nothing (nor does the debug poison, which a free
; block holds already).
%macro GIVE 0
    mov cx, [cs:bx+PL_USED]         ; 5
%%hi:
    cmp cx, [cs:bx+PL_HIGH]         ; 6
    jbe %%hiok                      ; 3
    xchg cx, [cs:bx+PL_HIGH]        ; ours in, the old mark out
    jmp %%hi                        ; an interrupt's higher mark goes back
%%hiok:
    mov [es:di+FB_MAP_OFF], si      ; 3
    mov [es:di+FB_MASK], al         ; 3
%if MEM_DEBUG
    call dbg_poison
%endif
    pushf                           ; 3
    cli                             ; 3  window:
    test [es:si], al                ; 6
    jz %%dbl                        ; 3
    xor [es:si], al                 ; 7
    mov cx, [cs:bx+PL_HEAD_OFF]     ; 5
    mov [es:di+FB_NEXT_OFF], cx     ; 3
    mov cx, [cs:bx+PL_HEAD_SEG]     ; 5
    mov [es:di+FB_NEXT_SEG], cx     ; 3
    mov [cs:bx+PL_HEAD_OFF], di     ; 3
    mov [cs:bx+PL_HEAD_SEG], es     ; 3
    popf                            ; 5  = 46
    dec word [cs:bx+PL_USED]        ; 7
    xor ax, ax                      ; 2
    jmp %%done
%%dbl:
    popf
    inc word [cs:bx+PL_BAD]
    mov ax, MEM_E_DOUBLEFREE
%%done:
%endmacro

; vptr - is ES:DI a block of ours?  O(1): the arena header at ES:0000.
; C twin: pool_check_ptr_c() in pool.c.
; In:  ES:DI = the pointer.
; Out: CF = 0: BX -> its struct pool, CL = pool index, SI = its bitmap
;      byte offset, AL = its bit (bit state not looked at).
;      CF = 1: AX = MEM_E_BADPTR.
; Modifies: AX BX CX DX SI flags.  Context: ISR-safe (no interrupts off).
vptr:
    mov ax, es
    test ax, ax
    jz .bad
    cmp word [es:AH_SIG], ARENA_SIG
    jne .bad
    xor ax, ARENA_CHECK
    cmp [es:AH_CHECK], ax
    jne .bad
    mov cl, [es:AH_POOL]
    cmp cl, MEM_POOL_COUNT
    jae .bad
    mov ax, di
    sub ax, [es:AH_FIRST]
    jb .bad
    xor dx, dx
    div word [es:AH_STRIDE]         ; AX = index, DX = remainder
    test dx, dx
    jnz .bad
    cmp ax, [es:AH_NBLOCKS]
    jae .bad
    mov si, ax
    shr si, 3
    add si, AH_MAP
    mov bx, ax
    and bx, 7
    mov al, [cs:bit_tab+bx]
    mov bl, cl
    xor bh, bh
    shl bx, 1
    mov bx, [cs:pool_tab+bx]
    clc
    ret
.bad:
    mov ax, MEM_E_BADPTR
    stc
    ret

%if MEM_DEBUG
; dbg_take - debug build: the block's poison must be whole (else count it
; in pool_corrupt: written after it was freed), then set its guard word.
; In: BX -> pool (CS), ES:DI = the block.  Modifies: flags.  ISR-safe.
dbg_take:
    push ax
    push cx
    push di
    mov cx, [cs:bx+PL_STRIDE]
    sub cx, FB_KEEP
    add di, FB_KEEP
    mov al, POOL_POISON
    cld
    repe scasb
    je .ok
    inc word [cs:_pool_corrupt]
.ok:
    pop di
    push di
    add di, [cs:bx+PL_STRIDE]
    mov word [es:di-2], POOL_GUARD
    pop di
    pop cx
    pop ax
    ret

; dbg_poison - debug build: fill a block from FB_KEEP on with the poison.
; In: BX -> pool (CS), ES:DI = the block.  Modifies: flags.  ISR-safe.
dbg_poison:
    push ax
    push cx
    push di
    mov cx, [cs:bx+PL_STRIDE]
    sub cx, FB_KEEP
    add di, FB_KEEP
    mov al, POOL_POISON
    cld
    rep stosb
    pop di
    pop cx
    pop ax
    ret

; dbg_guard - debug build: CF = 1 when the block is in use and its guard
; word is broken (counted in the pool's bad).
; In: BX -> pool (CS), ES:DI = the block, SI/AL its bit.  Modifies: flags.
dbg_guard:
    test [es:si], al
    jz .ok                          ; free: GIVE reports the double free
    push di
    add di, [cs:bx+PL_STRIDE]
    cmp word [es:di-2], POOL_GUARD
    pop di
    je .ok
    inc word [cs:bx+PL_BAD]
    stc
    ret
.ok:
    clc
    ret
%endif

; SIZE2POOL bad_label - BX = a small-object size -> BX = &pools[class].
; Sizes 2k+1 and 2k+2 share a word of size_tab (every class limit is even).
; Jumps to bad_label for 0 and sizes no class serves.  Clocks: 16.
%macro SIZE2POOL 1
    dec bx                          ; 2  0 -> FFFFh: too big
    cmp bx, MEM_SMALL_MAX - 1       ; 3
    ja %1                           ; 3
    and bl, 0FEh                    ; 3
    mov bx, [cs:size_tab+bx]        ; 5
%if MEM_DEBUG
    test bx, bx
    jz %1
%endif
%endmacro

; mem_small_take - the register entry of mem_small_alloc, for NIC code in
; assembly (no C stub: call far through the API table, index
; MEM_FN_SMALL_TAKE).
; C twin: pool_small_alloc_c() (pool_small_c.c).
; In:  BX = size in bytes.
; Out: ES:DI = the block; DI = 0 when size is 0 or no class serves it
;      (counted in pool_bad_none) or the class is empty (counted in its
;      fails).  The block's offset is never 0 (an arena header is there).
; Modifies: AX BX DI ES flags; keeps CX DX SI BP DS.
; Context: ISR-safe, re-entrant, runs on the caller's stack (6 bytes).
; Clocks from the entry through RETF (main list): size -> class 16,
;   TAKE 63, RETF 16 = 95.  make bench measures it as small_alloc.
global _mod_small_take
_mod_small_take:
    SIZE2POOL .bad
    TAKE take
    retf                            ; 16
    TAKE_RES take, .empty
.bad:
    inc word [cs:_pool_bad_none]
    xor di, di
.empty:
    retf

; mem_fp_t mem_small_alloc(u16 size)
; C twin: pool_small_alloc_c() (pool_small_c.c).
; In:  [sp+4] size.  Out: DX:AX = block, 0:0 when size is 0 or no class
;      serves it (counted in pool_bad_none) or the class is empty (counted
;      in its fails).
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
; Clocks from the far entry to RETF (main list): argument 7, PUSH DI 3,
;   size -> class 16, TAKE 63, result 4, POP DI 5, RETF 16 = 114.  make
;   bench measures the whole C call through the client stub as
;   small_alloc_c.
global _mod_small_alloc
_mod_small_alloc:
    mov bx, sp                      ; 2
    mov bx, [ss:bx+4]               ; 5
    push di                         ; 3
    SIZE2POOL .bad
    TAKE alloc
    mov ax, di                      ; 2
    mov dx, es                      ; 2
    pop di                          ; 5
    retf                            ; 16
    TAKE_RES alloc, .empty
.bad:
    inc word [cs:_pool_bad_none]
.empty:
    pop di
    xor ax, ax
    xor dx, dx
    retf

; int mem_small_free(mem_fp_t p)
; C twin: pool_small_free_c() (pool_small_c.c).
; In:  [sp+4] p (offset, then segment).
; Out: AX = MEM_OK / MEM_E_BADPTR / MEM_E_DOUBLEFREE / MEM_E_WRONGPOOL /
;      MEM_E_CORRUPT (debug: guard word broken).
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
global _mod_small_free
_mod_small_free:
    push si
    push di
    mov bx, sp
    les di, [ss:bx+8]
..@small_free_body:
    call vptr
    jc .badnone
    cmp cl, POOL_SMALL_CLASSES
    jae .wrong
%if MEM_DEBUG
    call dbg_guard
    jc .corrupt
%endif
    GIVE
.out:
    pop di
    pop si
    retf
.wrong:
    inc word [cs:bx+PL_BAD]
    mov ax, MEM_E_WRONGPOOL
    jmp .out
.badnone:
    inc word [cs:_pool_bad_none]
    jmp .out
%if MEM_DEBUG
.corrupt:
    mov ax, MEM_E_CORRUPT
    jmp .out
%endif

; PKT_BODY pfx - CX = frame length -> ES:DI = a packet buffer with its
; header set (falls through), or a jump to ..@pfx_fail (sizes 0 and above
; MEM_PKT_MAX counted in pool_bad_none, empty pools in their fails).
; Short frames take MEM_POOL_PKT_SMALL, falling back to MEM_POOL_PKT.
; Modifies: AX BX CX DX DI ES flags.  Context: ISR-safe.
%macro PKT_BODY 1
    dec cx                          ; 0 -> FFFFh: too big
    cmp cx, PKT_SMALL_LEN - 1
    ja ..@%1_full
    inc cx
    mov bx, _pools + MEM_POOL_PKT_SMALL * PL_SIZE
    TAKE %{1}s
    mov dx, (MEM_POOL_PKT_SMALL << 8) | 1    ; pool, ref = 1
    mov ax, POOL_PKT_SMALL_STRIDE - BS_SUB   ; cap
    jmp ..@%1_hdr
    TAKE_RES %{1}s, ..@%1_small_empty
..@%1_bad:
    inc word [cs:_pool_bad_none]
    jmp ..@%1_fail
..@%1_full:
    inc cx
    cmp cx, PKT_LEN
    ja ..@%1_bad
    jcxz ..@%1_bad
..@%1_small_empty:
    mov bx, _pools + MEM_POOL_PKT * PL_SIZE
    TAKE %{1}f
    mov dx, (MEM_POOL_PKT << 8) | 1
    mov ax, POOL_PKT_STRIDE - BS_SUB
    jmp ..@%1_hdr
    TAKE_RES %{1}f, ..@%1_fail
..@%1_hdr:
    mov [es:di+MEM_PKT_OFF_CAP], ax
    mov [es:di+MEM_PKT_OFF_REF], dx          ; ref, pool
    mov [es:di+MEM_PKT_OFF_LEN], cx
    xor ax, ax
    mov [es:di+0], ax                        ; link
    mov [es:di+2], ax
    mov [es:di+14], ax
    mov word [es:di+MEM_PKT_OFF_DATA], MEM_PKT_DATA
    mov word [es:di+MEM_PKT_OFF_MAGIC], MEM_PKT_MAGIC
%endmacro

; mem_fp_t mem_pkt_alloc(u16 len)
; C twin: pool_pkt_alloc_c() (pool.c).
; In:  [sp+4] len.  Out: DX:AX = packet buffer with its header set, 0:0
;      when len is 0 or too big (pool_bad_none) or no buffer is free.
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
; The body is PKT_BODY, shared with the register entry mem_pkt_take.
global _mod_pkt_alloc
_mod_pkt_alloc:
    push di
    mov bx, sp
    mov cx, [ss:bx+6]               ; len
    PKT_BODY pa
    mov ax, di
    mov dx, es
    pop di
    retf
..@pa_fail:
    xor ax, ax
    xor dx, dx
    pop di
    retf

; mem_pkt_take - the register entry of mem_pkt_alloc, for NIC code in
; assembly (no C stub: call far [_mem_api_tab + 4 * MEM_FN_PKT_TAKE]).
; C twin: pool_pkt_alloc_c() (pool_host.c).
; In:  CX = frame length.
; Out: ES:DI = the packet buffer, header set as mem_pkt_alloc sets it;
;      DI = 0 when the length is 0 or above MEM_PKT_MAX or no buffer is
;      free (counted as by mem_pkt_alloc).
; Modifies: AX BX CX DX DI ES flags; keeps SI BP DS.
; Context: ISR-safe, re-entrant, runs on the caller's stack (6 bytes).
global _mod_pkt_take
_mod_pkt_take:
    PKT_BODY pt
    retf
..@pt_fail:
    xor di, di
    retf

; Common checks of mem_pkt_free / mem_pkt_ref: ES:DI a packet buffer in
; use.  C twin: pkt_check() in pool.c.
; Out: CF = 0 as vptr; CF = 1: AX = the error (counted).
; Modifies: AX BX CX DX SI flags.  Context: ISR-safe.
pkt_check:
    call vptr
    jc .badnone
    cmp cl, MEM_POOL_PKT_SMALL
    jb .wrong
    test [es:si], al
    jz .dbl
    cmp word [es:di+MEM_PKT_OFF_MAGIC], MEM_PKT_MAGIC
    jne .corrupt
    clc
    ret
.wrong:
    mov ax, MEM_E_WRONGPOOL
    jmp .cnt
.dbl:
    mov ax, MEM_E_DOUBLEFREE
    jmp .cnt
.corrupt:
    mov ax, MEM_E_CORRUPT
.cnt:
    inc word [cs:bx+PL_BAD]
    stc
    ret
.badnone:
    inc word [cs:_pool_bad_none]
    stc
    ret

; int mem_pkt_free(mem_fp_t p)
; C twin: pool_pkt_free_c() (pool.c).
; In:  [sp+4] p.  Out: AX = references left (0 = freed) or MEM_E_BADPTR /
;      MEM_E_DOUBLEFREE / MEM_E_WRONGPOOL / MEM_E_CORRUPT (magic gone;
;      debug: guard word broken).
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
global _mod_pkt_free
_mod_pkt_free:
    push si
    push di
    mov bx, sp
    les di, [ss:bx+8]
..@pkt_free_body:
    call pkt_check
    jc .out
    mov ah, al
    pushf                                    ; 3
    cli                                      ; 3  window:
    mov cl, [es:di+MEM_PKT_OFF_REF]          ; 5
    sub cl, 1                                ; 2
    jb .dbl                                  ; 3  it was 0: nothing written
    mov [es:di+MEM_PKT_OFF_REF], cl          ; 3
    popf                                     ; 5  = 21
    test cl, cl                              ; POPF put the caller's flags
    jnz .still                               ; back: test the count again
%if MEM_DEBUG
    mov al, ah
    call dbg_guard
    jc .corrupt
    mov ah, al
%endif
    mov word [es:di+MEM_PKT_OFF_MAGIC], 0    ; the last reference is ours
    mov al, ah
    GIVE
.out:
    pop di
    pop si
    retf
.still:
    mov al, cl                               ; what this call left
    xor ah, ah
    jmp .out
.dbl:
    popf
    inc word [cs:bx+PL_BAD]
    mov ax, MEM_E_DOUBLEFREE
    jmp .out
%if MEM_DEBUG
.corrupt:
    mov byte [es:di+MEM_PKT_OFF_REF], 1      ; still in use: ours alone
    mov ax, MEM_E_CORRUPT
    jmp .out
%endif

; mem_small_give / mem_pkt_give - the register entries of mem_small_free
; and mem_pkt_free, for NIC code in assembly (no C stubs: call far
; [_mem_api_tab + 4 * MEM_FN_SMALL_GIVE / MEM_FN_PKT_GIVE]).
; C twins: pool_small_free_c() (pool_small_c.c), pool_pkt_free_c()
; (pool_host.c).
; In:  ES:DI = the block / packet buffer.
; Out: AX as mem_small_free / mem_pkt_free (references left, 0 = freed,
;      or the error).
; Modifies: AX BX CX DX flags; keeps SI DI ES BP DS.
; Context: ISR-safe, re-entrant, runs on the caller's stack (10 bytes).
global _mod_small_give
_mod_small_give:
    push si
    push di
    jmp ..@small_free_body

global _mod_pkt_give
_mod_pkt_give:
    push si
    push di
    jmp ..@pkt_free_body

; int mem_pkt_ref(mem_fp_t p)
; C twin: pool_pkt_ref_c() (pool.c).
; In:  [sp+4] p.  Out: AX = new reference count, MEM_E_LIMIT at 255, or
;      the errors of mem_pkt_free.
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, re-entrant.
global _mod_pkt_ref
_mod_pkt_ref:
    push si
    push di
    mov bx, sp
    les di, [ss:bx+8]
    call pkt_check
    jc .out
    pushf                                    ; 3
    cli                                      ; 3  window:
    mov al, [es:di+MEM_PKT_OFF_REF]          ; 5
    inc al                                   ; 2
    jz .lim                                  ; 3  255 would wrap
    cmp al, 1                                ; 3
    je .dbl                                  ; 3  it was 0: freed meanwhile
    mov [es:di+MEM_PKT_OFF_REF], al          ; 3
    popf                                     ; 5  = 30
    xor ah, ah
.out:
    pop di
    pop si
    retf
.lim:
    popf
    mov ax, MEM_E_LIMIT
    jmp .out
.dbl:
    popf
    inc word [cs:bx+PL_BAD]
    mov ax, MEM_E_DOUBLEFREE
    jmp .out

; ------------------------------------- near entries for the module's C
; mem_fp_t pool_pkt_alloc_c(u16 len) / int pool_pkt_free_c(mem_fp_t p)
; On DOS the packet twins' names are the fast paths themselves, so that
; task-time C in the module (xms_park.c) uses the ISR-safe code and the
; image carries no C twin.  C twins: pool.c (host).
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

; ------------------------------------------ task-time list operations
; Near, bcc calling convention (arguments on the stack, DS = module).

; u32 pool_pop_main(struct pool *pl)
; C twin: pool_pop_main_c() (pool_list_c.c).
; Out: DX:AX = the block popped from the main list (0 = empty); its
;      in-use bit and the counters are not touched.
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
; reserve list.
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
;                  u16 tseg, u16 n)
; C twin: pool_splice_c() (pool_list_c.c).  Put the chain h..t (t's link
; is overwritten) on the front of the main list, then count n more blocks
; in the pool (total is task-time only).
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
    mov ax, [bp+14]
    add [bx+PL_TOTAL], ax
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

; void pool_inc(u16 *counter)
; C twin: pool_inc_c() (pool_list_c.c).  counter++ in one INC m, so that
; a task-time count cannot lose an interrupt's count of the same field
; (fails is counted by the fast paths too).
; Modifies: BX.  Context: any.
global _pool_inc
_pool_inc:
    mov bx, sp
    mov bx, [ss:bx+2]
    inc word [bx]
    ret

; u16 pool_swap_high(struct pool *pl)
; C twin: pool_swap_high_c() (pool_list_c.c).  Start a new high-water
; epoch: high = used, the old mark returned, by one XCHG (no window; a
; free between the read of used and the XCHG raises high first, so its
; mark is in the returned value; pool_epoch also takes used itself, the
; peak no free has ended yet).
; Modifies: AX BX.  Context: task.
global _pool_swap_high
_pool_swap_high:
    mov bx, sp
    mov bx, [ss:bx+2]
    mov ax, [bx+PL_USED]
    xchg ax, [bx+PL_HIGH]
    ret


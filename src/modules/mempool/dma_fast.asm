; dma_fast.asm - the ISR-safe DMA entries: pop and push on a tag's free
; stack (mem_dma_map and mem_dma_unmap, dma_map.asm, take and give back a
; bounce through the same far entries).  The arena's layout: dma_priv.h /
; dma_fast.inc.  The far entries come from the API table (api.def kind
; asm): they run on the caller's stack, never call DOS, BIOS, XMS or VDS,
; reach module data with CS: overrides and keep SI DI BP DS.
; C twins: dma_fast_c.c.
;
; Concurrency (one CPU; interrupts are taken between instructions):
;  - the stack (DH_TOP and the slot under it) changes only inside one
;    PUSHF/CLI ... POPF window per call;
;  - a buffer's etab word is its state: alloc writes its entry offset
;    there after the pop (the popped buffer is the popper's alone: no
;    handle to it exists yet), free swaps 0 in with one XCHG and pushes
;    only when it took a non-zero word out, so a second free of the same
;    handle, from anywhere, finds 0 and changes nothing;
;  - DH_LOW is lowered after the window without one: a statistic that a
;    race may leave a little high, never wrong by more than that race;
;    DH_FAILS changes by one INC m.
; Clocks (80286 data-book, +m = 1 for a taken branch, segment overrides
; free; windows counted from CLI through POPF, as bench86 counts them):
; interrupts off for the pop 29 (empty: 28), for the push 22; on the 386
; 25 and 18 (make bench: dma_alloc_irqoff, dma_free_irqoff).

cpu 286
%include "dma_fast.inc"

extern _arena_put

section .text

; The DMA state (dma_priv.h): core data, for the ISR-safe entries here, the
; MAP group, the STATS group and unload; the set-up part (dma_setup.c,
; dma_init.c) fills it.  dma_seg[t] is tag t's arena while it lives, 0
; otherwise (index 0 stays 0); the tag's record is the arena's header.
global _dma_seg, _dma
dma_data_beg:
_dma_seg:   times MEM_DMA_TAGS + 1 dw 0
_dma:       times DMA_STATE_BYTES db 0
dma_data_end:

; POP_WINDOW s, empty - the pop.  In: s = the arena's segment register,
;   interrupts as the caller has them.  Out: SI = the entry popped, BX = the
;   new DH_TOP; or a jump to empty with the window still open (the target
;   does POPF).  Modifies: BX SI flags.
; Interrupts off: CLI 3 MOV 5 MOV 5 TEST 2 Jcc 3 SUB 3 MOV 3 POPF 5 = 29
;   clocks (286); empty: CLI .. Jcc taken 8, POPF 5 = 28.
%macro POP_WINDOW 2
    pushf                           ; 3
    cli                             ; 3  window:
    mov bx, [%1:DH_TOP]             ; 5
    mov si, [%1:bx-2]               ; 5  the top entry; the sentinel 0 below
    test si, si                     ; 2
    jz %2                           ; 3
    sub bx, 2                       ; 3
    mov [%1:DH_TOP], bx             ; 3
    popf                            ; 5  = 29 from the CLI
%endmacro

; PUSH_WINDOW - the push.  In: ES = the arena, CX = the entry.
;   Modifies: BX flags.
; Interrupts off: CLI 3 MOV 5 MOV 3 ADD 3 MOV 3 POPF 5 = 22.
%macro PUSH_WINDOW 0
    pushf                           ; 3
    cli                             ; 3  window:
    mov bx, [es:DH_TOP]             ; 5
    mov [es:bx], cx                 ; 3
    add bx, 2                       ; 3
    mov [es:DH_TOP], bx             ; 3
    popf                            ; 5  = 22 from the CLI
%endmacro

; GIVE ret - mem_dma_free's body.  In: AX = handle (tag << 8 | index).
;   Out: AX = MEM_OK / MEM_E_BADPTR (no such tag or index) /
;   MEM_E_DOUBLEFREE; then the instruction ret.  Modifies: AX BX CX ES flags.
; Clocks (286): look-up 24, index 9, state 17, push 25, result 2 = 77.
; (One use; a macro so that the figures above stay next to the code.)
%macro GIVE 1
    mov bl, ah                      ; 2
    xor bh, bh                      ; 2
    cmp bl, MEM_DMA_TAGS            ; 3  (tag 0: dma_seg[0] is 0)
    ja %%bad                        ; 3
    shl bx, 1                       ; 2
    mov bx, [cs:bx+_dma_seg]        ; 5
    test bx, bx                     ; 2
    jz %%bad                        ; 3
    mov es, bx                      ; 2
    cmp al, [es:DH_COUNT]           ; 6
    jae %%bad                       ; 3
    mov bl, al                      ; 2
    xor bh, bh                      ; 2
    shl bx, 1                       ; 2
    xor cx, cx                      ; 2
    xchg cx, [es:bx+DH_ETAB]        ; 5  free now; CX = its entry, 0: was free
    jcxz %%double                   ; 4
    PUSH_WINDOW
    xor ax, ax                      ; 2
    %1
%%double:
    mov ax, MEM_E_DOUBLEFREE
    %1
%%bad:
    mov ax, MEM_E_BADPTR
    %1
%endmacro

; int mem_dma_alloc(int tag, mem_fp_t out)
; C twin: dma_alloc_c() in dma_fast_c.c.
; In:  [sp+4] tag (1..8), [sp+6] out offset, [sp+8] out segment.
; Out: AX = MEM_OK and *out = { buf, phys, handle, size } (struct
;      mem_dma_buf, the entry's first 12 bytes), MEM_E_NOMEM (stack empty,
;      counted in the arena's fails), MEM_E_INVAL (no such tag).  DF clear.
; Modifies: AX BX ES flags.
; Context: ISR-safe, re-entrant, 6 bytes of the caller's stack.
;      Interrupts off for the pop only: 29 clocks of an 80286.
; Clocks (286) from the entry through RETF: look-up 25, saves 9, DS 2,
;   pop 32, low water 9, state 8, record 41, result and restores 17,
;   RETF 18 = 161; through the client stub (make bench: dma_alloc) 75 more.
global _mod_dma_alloc
_mod_dma_alloc:
    mov bx, sp                      ; 2
    mov bx, [ss:bx+4]               ; 5  tag
    cmp bx, MEM_DMA_TAGS            ; 3
    ja .inval                       ; 3
    shl bx, 1                       ; 2
    mov ax, [cs:bx+_dma_seg]        ; 5
    test ax, ax                     ; 2
    jz .inval                       ; 3
    push ds                         ; 3
    push si                         ; 3
    push di                         ; 3
    mov ds, ax                      ; 2  the arena
    POP_WINDOW ds, .empty           ; 33
    cmp bx, [DH_LOW]                ; 6
    jb .low                         ; 3
.mark:
    mov bx, [si+DE_SLOT]            ; 5
    mov [bx], si                    ; 3  allocated: etab names its entry
    mov bx, sp                      ; 2
    les di, [ss:bx+12]              ; 7  out
    cld                             ; 2
    movsw                           ; 5  buf
    movsw                           ; 5
    movsw                           ; 5  phys
    movsw                           ; 5
    movsw                           ; 5  handle
    movsw                           ; 5  size
    xor ax, ax                      ; 2
.out:
    pop di                          ; 5
    pop si                          ; 5
    pop ds                          ; 5
    retf                            ; 18
.low:
    mov [DH_LOW], bx
    jmp .mark
.empty:
    popf
    inc word [DH_FAILS]
    mov ax, MEM_E_NOMEM
    jmp .out
.inval:
    mov ax, MEM_E_INVAL
    retf

; int mem_dma_free(mem_u16 handle)
; C twin: dma_free_c() in dma_fast_c.c.
; In:  [sp+4] handle (tag << 8 | index, from mem_dma_alloc).
; Out: AX = MEM_OK, MEM_E_BADPTR (no such tag or index), MEM_E_DOUBLEFREE.
; Modifies: AX BX CX ES flags.
; Context: ISR-safe, re-entrant, 4 bytes of the caller's stack.
;      Interrupts off for the push only: 22 clocks of an 80286.
; Clocks (286) from the entry through RETF: handle 7, GIVE 77, RETF 16 = 100;
;   through the client stub (make bench: dma_free) 66 more.
global _mod_dma_free
_mod_dma_free:
    mov bx, sp                      ; 2
    mov ax, [ss:bx+4]               ; 5
    GIVE retf

; void dma_release_all(void)
; Unload: every tag's VDS locks (8104h per buffer of a locked tag), then its
; arena back to DOS (arena_put), whatever is still allocated; the record
; goes with the arena.  The MAP group's regions went first (its unload
; hook).
; C twin: dma_release_all() in dma_fast_c.c.
; In: nothing.  Modifies: AX BX CX DX ES flags.  Context: init/task (unload,
; through the C gate: DS = SS; VDS calls).  22 bytes of stack (the DDS).
global _dma_release_all
_dma_release_all:
    push si
    push di
    mov si, 2                       ; dma_seg[1]
.tag:
    xor ax, ax
    xchg ax, [si+_dma_seg]          ; the arena, and the tag gone for alloc
    test ax, ax
    jz .next
    push ax                         ; arena_put's argument
    mov es, ax
    cmp byte [es:DH_LOCKED], 0
    je .put
    mov bx, [es:DH_ENT]
    mov cl, [es:DH_COUNT]
    xor ch, ch
.unlock:
    push es
    push bx
    push cx
    push word [es:bx+DE_PHYS+2]     ; the DDS (struct dma_dds), from its
    push word [es:bx+DE_PHYS]       ; end: phys,
    push byte 0                     ; buffer id,
    push word [es:bx+DE_BUF+2]      ; segment,
    push byte 0                     ; offset,
    push word [es:bx+DE_BUF]
    push byte 0                     ; size
    push word [es:DH_BSIZE]
    mov di, sp
    push ss
    pop es
    mov ax, 8104h
    xor dx, dx
    int 4Bh
    add sp, 16
    pop cx
    pop bx
    pop es
    add bx, DE_BYTES
    loop .unlock
.put:
    call _arena_put                 ; the arena, at [sp]
    pop ax
.next:
    add si, 2
    cmp si, 2 * (MEM_DMA_TAGS + 1)
    jb .tag
    pop di
    pop si
    ret

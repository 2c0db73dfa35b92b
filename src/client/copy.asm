; copy.asm - the copy family of the client library: mem_copy, mem_move,
; mem_copy32, mem_fill, mem_compare as near routines for C callers (bcc
; calling convention: arguments from [sp+2], SI DI BP DS kept, AX BX CX DX
; ES scratch), with the contracts of memory_api.h, section "copy and CPU":
; a linear walk across 64 KB segment ends (never a wrap), an overlap-safe
; move, word moves on a 286 (destination word-aligned, odd head and tail by
; byte), dword moves on a 386+ (destination dword-aligned), interrupts
; never disabled, DF clear on return, length 0 does nothing, no REP with a
; segment override; ISR-safe and re-entrant (registers and the caller's
; stack only).  The module keeps its own far entries (memory_ops.asm) for
; callers in assembly; both assemble the same cores and kernels
; (memory_ops_core.inc).  C twins: memory_ops_c.c (ops_*_c).
;
; No module needed.  The routines work before mem_load and after
; mem_unload: unbound, every one takes the 286 path, correct on any 286+.
; mem_load binds the 386 path (copy_bind(1)) when mem_cpu() says 386+ and
; the module installed its own (MEM_INFO_COPY386, so MEM_CFG_FORCE_286
; holds here too); mem_unload puts the 286 path back (copy_bind(0)).
;
; The bind writes one word per site, each by one MOV inside PUSHF/CLI ...
; POPF with a JMP that empties the prefetch queue (ops_patch in
; memory_ops_core.inc, which says why any mix of old and new words is
; correct for an interrupt handler calling in at that moment).  The sites:
; the cores' kernel calls (memory_ops_core.inc) and mem_copy's first word,
; copy_site: unbound a JMP SHORT to the 286 body, bound a CLD / XCHG AX,SI
; that falls into the 386 body; each body is complete, so a call that read
; either word finishes on its path.
;
; mem_copy's fast path.  Both offsets and the length below 8000h (so
; neither range reaches its segment's end), both offsets even (286) or
; multiples of 4 (386): one REP and a tail.  Anything else takes the cores
; (copy_gen: crossings, other alignments, 32 KB and more).
;
; Clocks of mem_copy through the C call, fast path, data-book figures at 0
; wait states (+m = the next instruction's length), n = len / 2 words on
; the 286, len / 4 dwords on the 386 (make bench: copy64, copy1514):
;                                     80286           80386
;   caller: MOV AX,imm / PUSH AX /    2+3+4*5+(7+2)   2+2+4*5+(7+1)
;     4 PUSH m / CALL / ADD SP,imm    +3 = 37         +2 = 34
;   the site: JMP SHORT 7+1 (286),    8               5
;     CLD + XCHG AX,SI (386)
;   saves, SS:SI, ES:DI, CX, offsets  CLD 2 MOV 2*3   MOV 2*2
;                                     LES 7 MOV 5*2   LES 7 MOV 4*2
;                                     = 25            = 19
;   check: OR, OR BH,CH, TEST, Jcc    2+2+3+3 = 10    2+2+2+3 = 9
;   DS saved, DS:SI                   MOV 2 LDS 7     MOV 2 LDS 7
;   count, REP MOVS, tail             SHR 2           TEST 2 Jcc 3 SHR 3
;                                     REP 5+4n JC 3   REP 7+4n JNC 3
;                                                     (+ MOVSW 7 if len&2,
;                                                     else JNC taken +6)
;   restore SI DI DS, RET             6 + 11+3 = 20   6 + 10+3 = 19
;   total                             119 + 4n        113 + 4n, + 7 or 6
;   copy64                            247             183
;   copy1514                          3147 (0.962)    1632 (0.928)
; (in parentheses: of the REP MOVS limit, 4 clocks a word on the 286, a
; dword on the 386).
;
; The floor for 1514 bytes.  Any near routine with this contract pays, in
; this call: the caller's 37 / 35 (a 2-byte first instruction), the RET
; 14 / 13, LES + LDS + MOV CX 19 / 18, the REP 3033 / 1519 and, on the
; 386, the last word (MOVSW 7 and a Jcc 3 to decide it): 286 3103
; (0.976), 386 1595 (0.949).  Then: keeping SI, DI and DS (three MOVs out
; and back, the cheapest way: 12) and a register for the arguments (MOV
; 2): 3117 / 1609; checking both offsets for a segment end and the
; alignment (the offset loaded again 5 / 4, OR, OR, TEST, Jcc 10 / 9):
; 3132 / 1622; the count (286: SHR 2 and the JC of the odd byte 3; 386:
; TEST, Jcc, SHR for the odd length and the dwords 8): 3137 / 1630; the
; CLD 2 (kept: an interrupt handler may call with DF set): 3139 / 1632;
; picking the CPU's body: the 286 takes the JMP SHORT 8, the 386 an XCHG
; for a MOV (+1) in a 1-byte first instruction (-1 on the call): 3147 /
; 1632, what the table shows.  So 0.93 of the REP MOVSD limit (1627
; clocks) lies 5 clocks under this floor; only dropping the CLD and part
; of the check would reach it.
cpu 286
section .text

%include "memory_ops_core.inc"

global _mem_copy, _mem_move, _mem_copy32, _mem_fill, _mem_compare
global _copy_bind

; ------------------------------------------------------------ mem_copy
; void mem_copy(mem_fp_t dst, mem_fp_t src, mem_u16 len)
; In: [sp+2] dst (off, seg), [sp+6] src (off, seg), [sp+10] len.
; Out: nothing.  Modifies: AX BX CX DX ES flags (DF clear).
; Context: ISR-safe (any context, re-entrant; no module needed).
; C twin: ops_copy_c.  Clocks: above.

; The cores' way (memory_ops_core.inc: chunks at segment ends, heads and
; tails for any alignment), from either body with AX = the caller's SI,
; DX = the caller's DI, SS:SI -> the arguments, ES:DI = dst, CX = len,
; DF = 0, DS the caller's.
copy_gen:
    push ax
    push dx
    push ds
    lds si, [ss:si+6]
    call ops_fwd
    pop ds
    pop di
    pop si
    ret

; The 286 body: every call before the bind and on a 286 (or when the
; module keeps the 286 path), entered by the site's JMP SHORT.
copy286:
    cld                         ; 2
    mov ax, si                  ; 2  AX = the caller's SI
    mov si, sp                  ; 2  SS:SI -> the arguments
    mov dx, di                  ; 2  DX = the caller's DI
    les di, [ss:si+2]           ; 7  ES:DI = dst
    mov cx, [ss:si+10]          ; 5  CX = len
    mov bx, [ss:si+6]           ; 5
    or bx, di                   ; 2
    or bh, ch                   ; 2  bit 15: an offset or len >= 8000h
    test bx, 8001h              ; 3  ... or an odd offset
    jnz copy_gen                ; 3
    mov bx, ds                  ; 2  BX = the caller's DS
    lds si, [ss:si+6]           ; 7  DS:SI = src
    shr cx, 1                   ; 2  CF: an odd last byte
    rep movsw                   ; 5+4n
    jc .byte                    ; 3
    mov si, ax                  ; 2
    mov di, dx                  ; 2
    mov ds, bx                  ; 2
    ret                         ; 11+m
.byte:
    movsb
    mov si, ax
    mov di, dx
    mov ds, bx
    ret

_mem_copy:
copy_site:
    jmp short copy286           ; bound to the 386 body: cld / xchg ax, si
COPY_W386 equ 96FCh             ; those two bytes: FCh, 96h
cpu 386
copy_386_beg:
    ; the 386 body: AX = the caller's SI (the XCHG in the site), DF = 0
    mov si, sp                  ; 2
    mov dx, di                  ; 2
    les di, [ss:si+2]           ; 7
    mov cx, [ss:si+10]          ; 4
    mov bx, [ss:si+6]           ; 4
    or bx, di                   ; 2
    or bh, ch                   ; 2
    test bx, 8003h              ; 2  as the 286 body, offsets dword-aligned
    jnz copy_gen                ; 3
    mov bx, ds                  ; 2
    lds si, [ss:si+6]           ; 7
    test cl, 1                  ; 2
    jnz .odd                    ; 3
    shr cx, 2                   ; 3  CF: a last word
    rep movsd                   ; 7+4n
    jnc .done                   ; 3
    movsw                       ; 7
.done:
    mov si, ax                  ; 2
    mov di, dx                  ; 2
    mov ds, bx                  ; 2
    ret                         ; 10+m
.odd:
    shr cx, 2
    rep movsd
    jnc .b
    movsw
.b: movsb
    jmp short .done

    OPS_386_KERNELS
copy_386_end:
cpu 286

; ------------------------------------------------------------ the others
; void mem_move(mem_fp_t dst, mem_fp_t src, mem_u16 len)
; In: [sp+2] dst, [sp+6] src, [sp+10] len.  The ranges may overlap either
; way (compared by linear address).  Out: nothing.
; Modifies: AX BX CX DX ES flags (DF clear).  Context: ISR-safe.
; C twin: ops_move_c.
_mem_move:
    mov bx, sp
    push si
    push di
    push ds
    les di, [ss:bx+2]
    lds si, [ss:bx+6]
    mov cx, [ss:bx+10]
    call ops_mv
    pop ds
    pop di
    pop si
    ret

; void mem_copy32(mem_fp_t dst, mem_fp_t src, mem_u32 len)
; In: [sp+2] dst, [sp+6] src, [sp+10] len (low, high).  Pieces of at most
; FFF0h bytes, interrupts enabled throughout.  Out: nothing.
; Modifies: AX BX CX DX ES flags (DF clear).  Context: ISR-safe (a long
; copy is better left to task time).  C twin: ops_copy32_c.
_mem_copy32:
    mov bx, sp
    push si
    push di
    push ds
    les di, [ss:bx+2]
    lds si, [ss:bx+6]
    add bx, 10                  ; SS:BX -> len
    call ops_fwd32
    pop ds
    pop di
    pop si
    ret

; void mem_fill(mem_fp_t dst, mem_u8 v, mem_u16 len)
; In: [sp+2] dst, [sp+6] v, [sp+8] len.  Out: nothing.
; Modifies: AX BX CX DX ES flags (DF clear).  Context: ISR-safe.
; C twin: ops_fill_c.
_mem_fill:
    mov bx, sp
    push di
    les di, [ss:bx+2]
    mov al, [ss:bx+6]
    mov cx, [ss:bx+8]
    cld
    call ops_fil
    pop di
    ret

; int mem_compare(mem_fp_t a, mem_fp_t b, mem_u16 len)
; In: [sp+2] a, [sp+6] b, [sp+10] len.  Out: AX = 0 equal, else
; a[i] - b[i] (bytes unsigned) at the first difference.  Word compares on
; every CPU (the result needs the first differing byte).
; Modifies: AX BX CX DX ES flags (DF clear).  Context: ISR-safe.
; C twin: ops_compare_c.
_mem_compare:
    mov bx, sp
    push si
    push di
    push ds
    lds si, [ss:bx+2]
    les di, [ss:bx+6]
    mov cx, [ss:bx+10]
    cld
    call ops_cmp
    pop ds
    pop di
    pop si
    ret

; ------------------------------------------------------------ binding
; void copy_bind(int use386)
; use386 != 0: every site to its 386 word (the caller checked the CPU and
; the module's choice); 0: back to the 286 words (the state as assembled).
; In: [sp+2] use386.  Out: nothing.  Modifies: AX BX flags.
; Context: init (mem_load / mem_unload); interrupts off 19 clocks at most
; per site (memory_ops_core.inc).  C twin: none (the host has no code).
_copy_bind:
    mov bx, sp
    cmp word [ss:bx+2], 0
    mov bx, 2
    je .go
    mov bx, 4
.go:
    jmp ops_patch

copy_data_beg:
ops_patch_tab:
    OPS_PATCH_ROWS
    dw copy_site, 0EBh | (((copy286 - (copy_site + 2)) & 0FFh) << 8), COPY_W386
ops_patch_end:
copy_data_end:

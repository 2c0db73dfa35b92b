; dma_stats.asm - mem_dma_stats: one DMA tag's figures for the caller.
; Group STATS of the sealed module (docs/architecture/resident-split.md):
; it refers to the core (the DMA state in dma_fast.asm) and to itself only.
; C twin: mod_dma_stats() in dma_stats_c.c.

cpu 286
%include "dma_fast.inc"

section .text

extern _dma_seg

global _mod_dma_stats

; int mem_dma_stats(int tag, mem_fp_t st)
; Copy tag's statistics (struct mem_dma_stats) to *st, up to the size the
; caller put in its first word (which is left alone).  Every figure comes
; from the tag's record, the arena's header (dma_priv.h).
; Out: AX = MEM_OK, MEM_E_INVAL (no such tag, st null, size < 4).
; Modifies: AX BX CX DX ES.
; Context: task (through the C gate: DS = SS = the module).
R equ -(DST_BYTES + 4)          ; the record on the stack: [bp+R ..]
_mod_dma_stats:
    push bp
    mov bp, sp                  ; [bp+4] tag, [bp+6] st off, [bp+8] seg
    push si
    push di
    sub sp, DST_BYTES
    mov ax, MEM_E_INVAL
    mov bx, [bp+4]
    dec bx
    cmp bx, MEM_DMA_TAGS        ; tag 1..8 (0 and negative: above)
    jae .out
    cmp word [bp+8], 0
    je .out
    shl bx, 1
    mov dx, [bx+_dma_seg+2]     ; the arena
    test dx, dx
    jz .out
    les bx, [bp+6]
    mov cx, [es:bx]             ; the caller's size
    cmp cx, 4
    jb .out
    cmp cx, DST_BYTES
    jbe .sz
    mov cx, DST_BYTES
.sz:
    push cx
    mov es, dx                  ; the record
    mov bx, [es:DH_STK]
    mov ax, [es:DH_BSIZE]
    mov [bp+R+DST_BUF_SIZE], ax
    mov al, [es:DH_COUNT]
    xor ah, ah
    mov [bp+R+DST_COUNT], ax
    mov ax, [es:DH_TOP]
    sub ax, bx
    shr ax, 1
    mov [bp+R+DST_FREE], ax
    mov ax, [es:DH_LOW]
    sub ax, bx
    shr ax, 1
    mov [bp+R+DST_LOW], ax
    mov ax, [es:DH_FAILS]
    mov [bp+R+DST_FAILS], ax
    mov ax, [es:DH_ARENA_PARAS]
    mov dx, ax
    shl ax, 4
    shr dx, 12
    mov [bp+R+DST_ARENA], ax
    mov [bp+R+DST_ARENA+2], dx
    mov ax, [es:DH_WASTE]
    mov [bp+R+DST_WASTE], ax
    mov ax, [es:DH_WASTE+2]
    mov [bp+R+DST_WASTE+2], ax
    mov ax, [es:DH_META]
    mov [bp+R+DST_META], ax
    mov ax, [es:DH_BOUNCES]
    mov [bp+R+DST_BOUNCES], ax
    mov ax, [es:DH_VDS_SKIPS]
    mov [bp+R+DST_VDS_SKIPS], ax
    mov ax, [es:DH_MAPS]
    mov [bp+R+DST_MAPS], ax
    pop cx                      ; bytes the caller takes
    sub cx, 2
    lea si, [bp+R+2]
    les di, [bp+6]
    add di, 2
    cld
    rep movsb                   ; DS = SS here
    xor ax, ax
.out:
    add sp, DST_BYTES
    pop di
    pop si
    pop bp
    ret

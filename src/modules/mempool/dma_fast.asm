; dma_fast.asm - the ISR-safe DMA entries: pop and push on a tag's free
; stack (dma_priv.h describes the arena's metadata).  Far entries from the
; API table (api.def kind asm): they run on the caller's stack, load DS
; from CS, never call DOS, BIOS, XMS or VDS.

cpu 286

; struct dma_tag (dma_priv.h); the C file asserts its size, the host test
; (tests/host/test_dma.c) each offset used here.
struc dtag
.meta_seg:    resw 1    ; +0  arena segment, 0 = slot free
.top:         resb 1    ; +2  entries on the free stack
.count:       resb 1    ; +3  buffers carved
.low:         resb 1    ; +4  low water of top
.pad:         resb 1    ; +5
.fails:       resw 1    ; +6  allocations refused
.stack_off:   resw 1    ; +8
.state_off:   resw 1    ; +10
.bsize:       resw 1    ; +12
endstruc
DTAG_BYTES  equ 44
DMA_TAGS    equ 8
MEM_E_INVAL equ -1
MEM_E_NOMEM equ -2
MEM_E_BADPTR equ -6
MEM_E_DOUBLEFREE equ -7

extern _dma_tags

section .text

; int mem_dma_alloc(int tag, mem_fp_t out)
; C twin: dma_alloc_c() in dma_buffers.c.
; In:  [sp+4] tag (1..8), [sp+6] out offset, [sp+8] out segment
; Out: AX = MEM_OK and *out = { buf, phys, handle, size } (struct
;      mem_dma_buf), MEM_E_NOMEM (stack empty, tag's fails counted),
;      MEM_E_INVAL (no such tag).  DF cleared.
; Modifies: AX BX CX DX ES flags.
; Context: ISR-safe.  Interrupts off from the CLI to the POPF only:
;      about 36 clocks of an 80286 (Intel table: CLI 3, MOV r,m 5 x3,
;      SUB 2, Jcc not taken 3, MOV m,r 3, XOR 2, ADD 2, POPF 5, + ES 1).
global _mod_dma_alloc
_mod_dma_alloc:
    push bp
    mov bp, sp                  ; [bp+6] tag, [bp+8] out off, [bp+10] seg
    push ds
    push si
    push di
    mov ax, cs
    mov ds, ax
    mov bx, [bp+6]
    dec bx
    cmp bx, DMA_TAGS
    jae .inval
    imul bx, bx, DTAG_BYTES
    add bx, _dma_tags
    mov cx, [bx+dtag.meta_seg]
    jcxz .inval
    mov es, cx
    mov si, [bx+dtag.stack_off]
    pushf
    cli
    mov cl, [bx+dtag.top]
    sub cl, 1
    jc .empty
    mov [bx+dtag.top], cl
    xor ch, ch
    add si, cx
    mov al, [es:si]             ; the index popped
    popf
    cmp cl, [bx+dtag.low]
    jae .nolow
    mov [bx+dtag.low], cl       ; statistics only: a race may miss one
.nolow:
    xor ah, ah
    mov si, [bx+dtag.state_off]
    add si, ax
    mov byte [es:si], 1         ; allocated (the buffer is ours alone now)
    mov dx, [bx+dtag.bsize]
    mov ah, [bp+6]              ; handle = tag << 8 | index
    mov si, ax
    and si, 00FFh
    shl si, 3                   ; buffer table entry: 8 bytes
    mov cx, es
    les di, [bp+8]
    mov ds, cx
    cld
    movsw                       ; buf (far pointer)
    movsw
    movsw                       ; phys
    movsw
    stosw                       ; handle
    mov ax, dx
    stosw                       ; size
    xor ax, ax
    jmp .out
.empty:
    popf
    inc word [bx+dtag.fails]
    mov ax, MEM_E_NOMEM
    jmp .out
.inval:
    mov ax, MEM_E_INVAL
.out:
    pop di
    pop si
    pop ds
    pop bp
    retf

; int mem_dma_free(mem_u16 handle)
; C twin: dma_free_c() in dma_buffers.c.
; In:  [sp+4] handle (tag << 8 | index, from mem_dma_alloc)
; Out: AX = MEM_OK, MEM_E_BADPTR (no such tag or index), MEM_E_DOUBLEFREE.
; Modifies: AX BX CX DX ES flags.
; Context: ISR-safe.  Interrupts off from the CLI to the POPF: about 40
;      clocks (CMP m,i 6, Jcc 3, MOV m,i 3, MOV r,m 5, XOR 2, ADD 2,
;      MOV m,r 3, INC 2, MOV m,r 3, POPF 5, CLI 3, ES 2).
global _mod_dma_free
_mod_dma_free:
    push bp
    mov bp, sp                  ; [bp+6] handle
    push ds
    push si
    push di
    mov ax, cs
    mov ds, ax
    mov ax, [bp+6]
    mov bl, ah
    xor bh, bh
    dec bx
    cmp bx, DMA_TAGS
    jae .bad
    imul bx, bx, DTAG_BYTES
    add bx, _dma_tags
    mov cx, [bx+dtag.meta_seg]
    jcxz .bad
    mov es, cx
    cmp al, [bx+dtag.count]
    jae .bad
    xor ah, ah
    mov si, [bx+dtag.state_off]
    add si, ax
    mov di, [bx+dtag.stack_off]
    pushf
    cli
    cmp byte [es:si], 1
    jne .double
    mov byte [es:si], 0
    mov cl, [bx+dtag.top]
    xor ch, ch
    add di, cx
    mov [es:di], al
    inc cl
    mov [bx+dtag.top], cl
    popf
    xor ax, ax
    jmp .out
.double:
    popf
    mov ax, MEM_E_DOUBLEFREE
    jmp .out
.bad:
    mov ax, MEM_E_BADPTR
.out:
    pop di
    pop si
    pop ds
    pop bp
    retf

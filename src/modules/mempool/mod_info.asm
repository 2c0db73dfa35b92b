; mod_info.asm - mem_info: what the module found and holds.  Group STATS
; of the sealed module (docs/architecture/resident-split.md): it refers to
; the core and to itself only.
; C twin: mod_info() in mod_core_c.c.

cpu 286
%include "mod_core.inc"
%include "pool_fast.inc"
%include "xms_core.inc"

section .text

extern _mod, _xms, _pool_npkt, _arena_tab
global _mod_info, _arena_held_paras

struc ent                           ; arena.h struct arena_ent
.seg:    resw 1
.paras:  resw 1
.src:    resb 1
.in_umb: resb 1
endstruc

; int mem_info(mem_fp_t out)
; Fill struct mem_info at *out up to the size the caller put in its first
; word (which is left alone).
; Out: AX = MEM_OK, MEM_E_INVAL (out null, size < 2).
; Modifies: AX BX CX DX ES.  Context: task (through the C gate: DS = SS =
; the module).
IN_SIZE    equ 32
I          equ -36              ; the record on the stack: [bp+I ..]
_mod_info:
    push bp
    mov bp, sp                  ; [bp+4] out off, [bp+6] out seg
    push si
    push di
    sub sp, IN_SIZE
    mov dx, MEM_E_INVAL
    les bx, [bp+4]
    mov cx, es
    test cx, cx
    jz .out
    mov cx, [es:bx]             ; the caller's size
    cmp cx, 2
    jb .out
    cmp cx, IN_SIZE
    jbe .sz
    mov cx, IN_SIZE
.sz:
    push cx
    push ss
    pop es
    lea di, [bp+I]
    mov cx, IN_SIZE / 2
    xor ax, ax
    cld
    rep stosw
    mov word [bp+I+2], 0102h    ; api_version (MEM_API_VERSION)
    mov ax, [_mod+MS_CPU]       ; cpu, v86
    mov [bp+I+4], ax
    mov ax, [_mod+MS_DOS_VERSION]
    mov [bp+I+6], ax
    mov [bp+I+8], cs            ; module_seg
    mov ax, [_mod+MS_RESIDENT]
    mov [bp+I+10], ax
    mov ax, [_mod+MS_INIT_BYTES]
    mov [bp+I+12], ax
    mov ax, [_mod+MS_INFO_FLAGS]
    mov [bp+I+14], ax
    cmp word [_xms+XS_ENTRY_SEG], 0
    je .noxms
    mov ax, [_xms+XS_VERSION]
    mov [bp+I+16], ax
    mov ax, [_xms+XS_FREE_KB]
    mov [bp+I+18], ax
.noxms:
    mov ax, 1
    push ax
    call _arena_held_paras      ; pools and DMA arenas in upper memory
    mov [bp+I+20], ax
    pop ax
    xor ax, ax
    push ax
    call _arena_held_paras      ; and in conventional memory
    mov [bp+I+22], ax
    pop ax
    mov al, [_pool_npkt]
    mov [bp+I+24], al
    pop cx                      ; bytes the caller takes
    sub cx, 2
    lea si, [bp+I+2]
    les di, [bp+4]
    add di, 2
    rep movsb                   ; DS = SS here
    xor dx, dx
.out:
    mov ax, dx
    add sp, IN_SIZE
    pop di
    pop si
    pop bp
    ret

; u16 arena_held_paras(u8 umb)
; (Here, in the STATS group, because mem_info is its one user.)
; Paragraphs held in upper (umb = 1) or conventional (umb = 0) memory.
; C twin: arena_c.c.  In: [sp+2] umb.  Out: AX.  Modifies: AX BX CX.
; Context: task.
_arena_held_paras:
    mov bx, sp
    mov cl, [ss:bx+2]
    xor ax, ax
    mov bx, _arena_tab
.next:
    cmp word [bx+ent.seg], 0
    je .skip
    cmp [bx+ent.in_umb], cl
    jne .skip
    add ax, [bx+ent.paras]
.skip:
    add bx, ent_size
    cmp bx, _arena_tab + ARENA_MAX * ent_size
    jb .next
    ret

; client_call.asm - far call into a loaded module from the client library.
cpu 286
section .text

; u32 mod_call(u16 seg, u16 off, u16 nargs, const u16 *args)
; C twin: none (the loader is DOS-only).
; In:  target seg:off, nargs argument words at args (near, DS), pushed so
;      that args[0] is at the lowest address, as a C caller would.
; Out: DX:AX = the entry's result.  Modifies: AX BX CX DX ES.
; Context: init/task.
global _mod_call
_mod_call:
    push bp
    mov bp, sp
    push si
    push di
    push word [bp+4]            ; [bp-6] = seg
    push word [bp+6]            ; [bp-8] = off
    mov cx, [bp+8]
    mov si, [bp+10]
    mov bx, cx
    shl bx, 1
    add si, bx
    jcxz .call
.push:
    sub si, 2
    push word [si]
    loop .push
.call:
    call far [bp-8]
    lea sp, [bp-4]
    pop di
    pop si
    pop bp
    ret

; u16 mod_cpu_class(void)
; The loader's own CPU check against a header's min_cpu: FLAGS bits 12-15
; read back as 1 on an 8086/80186, as 0 in real mode on an 80286, and
; bits 12-14 can be set on an 80386 or later.
; C twin: none.  In: nothing.  Out: AX = MOD_CPU_8086 (8086/186),
; MOD_CPU_286 or MOD_CPU_386 (386 or later).  Modifies: AX BX flags.
; Context: init (interrupts stay enabled; FLAGS is restored).
global _mod_cpu_class
_mod_cpu_class:
    pushf
    pushf
    pop ax
    and ax, 0FFFh
    push ax
    popf
    pushf
    pop ax
    and ax, 0F000h
    cmp ax, 0F000h
    je .x86
    pushf
    pop ax
    or ax, 7000h
    push ax
    popf
    pushf
    pop ax
    test ax, 7000h
    jz .x286
    mov ax, 3
    jmp .out
.x286:
    mov ax, 2
    jmp .out
.x86:
    xor ax, ax
.out:
    popf
    ret

; void mod_copy_paras(u16 dst, u16 src, u16 paras)
; Copy paras paragraphs (at most 1000h, 64 KB) from src:0 to dst:0 by
; words; the two blocks do not overlap (a module's resident part moving
; into its UMB).  C twin: none (the loader is DOS-only).
; In:  dst, src segments, paras.  Out: nothing.  Modifies: AX BX CX DX ES
; (SI DI DS kept).  Context: init (mem_load, before the API is bound).
global _mod_copy_paras
_mod_copy_paras:
    push bp
    mov bp, sp
    push si
    push di
    push ds
    mov es, [bp+4]
    mov ax, [bp+8]
    mov cx, ax
    shl cx, 3                   ; words: 8 per paragraph
    cmp ax, 1000h
    jb .go
    mov cx, 8000h               ; 64 KB, the most a module holds
.go:
    mov ds, [bp+6]
    xor si, si
    xor di, di
    cld
    rep movsw
    pop ds
    pop di
    pop si
    pop bp
    ret

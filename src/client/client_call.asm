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

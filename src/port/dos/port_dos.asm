; port_dos.asm - the DOS port of src/port/port.h: software interrupts, far
; calls into drivers, far peek/poke, interrupt flag.  bcc calling
; convention: arguments on the stack (cdecl), result in AX or DX:AX, SI DI
; BP DS SS preserved; BX CX DX ES are scratch.
; C twins: src/port/host/port_host.c (the simulated machine).

cpu 286

struc regs
.ax:    resw 1      ; +0
.bx:    resw 1      ; +2
.cx:    resw 1      ; +4
.dx:    resw 1      ; +6
.si:    resw 1      ; +8
.di:    resw 1      ; +10
.ds:    resw 1      ; +12
.es:    resw 1      ; +14
.flags: resw 1      ; +16
.e_ax:  resw 1      ; +18
.e_bx:  resw 1      ; +20
.e_cx:  resw 1      ; +22
.e_dx:  resw 1      ; +24
endstruc

section .text

; Frame shared by port_int / port_farcall after the prologue:
;   [bp+4] arg0, [bp+6] arg1, [bp+8] arg2
;   [bp-2] SI [bp-4] DI [bp-6] DS [bp-8] ES [bp-12] far target (off, seg;
;   port_farcall only)
%macro PROLOGUE 0
    push bp
    mov bp, sp
    push si
    push di
    push ds
    push es
%endmacro

; Load every register from the struct at DS:SI (DS = 0 keeps ours).
%macro LOAD_REGS 0
    mov ax, [si + regs.ax]
    mov bx, [si + regs.bx]
    mov cx, [si + regs.cx]
    mov dx, [si + regs.dx]
    mov di, [si + regs.di]
    mov es, [si + regs.es]
    push word [si + regs.si]
    push word [si + regs.ds]
    pop si
    test si, si
    jz %%keep
    mov ds, si
%%keep:
    pop si
%endmacro

; Store every register into the struct whose address is arg [bp+%1].
%macro STORE_REGS 1
    pushf
    push ds
    push si
    mov ds, [bp-6]
    mov si, [bp + %1]
    pop word [si + regs.si]
    pop word [si + regs.ds]
    pop word [si + regs.flags]
    mov [si + regs.ax], ax
    mov [si + regs.bx], bx
    mov [si + regs.cx], cx
    mov [si + regs.dx], dx
    mov [si + regs.di], di
    mov [si + regs.es], es
%endmacro

%macro EPILOGUE 0
    lea sp, [bp-8]
    pop es
    pop ds
    pop di
    pop si
    pop bp
    ret
%endmacro

; void port_int(u8 intno, struct port_regs *r)
; In:  intno, r (near, DS).  Out: *r = registers and FLAGS after the INT.
; Modifies: AX BX CX DX ES.  Context: init/task (DOS, multiplex, VDS), never
; re-entered: the module's task calls pass one at a time through its gate,
; the client library's at init.
; The INT is a real INT instruction whose number is written into it here
; (the way C libraries' int86 did it), so this code never clears IF itself:
; interrupts are off only as the CPU's INT leaves them, until the handler
; enables them, as for any INT.  The JMP after the write empties the
; prefetch queue, so the CPU cannot run a stale copy of the INT's bytes.
global _port_int
_port_int:
    PROLOGUE
    mov al, [bp+4]
    mov [cs:port_int_site + 1], al
    jmp short .load
.load:
    mov si, [bp+6]
    LOAD_REGS
port_int_site:
    int 0                       ; the number is written above
    STORE_REGS 6
    EPILOGUE

; void port_farcall(u16 seg, u16 off, struct port_regs *r)
; In: target seg:off, r.  Out: *r after the call.  Modifies: AX BX CX DX ES.
; Context: init/task (the XMS entry point needs >= 256 bytes of stack).
global _port_farcall
_port_farcall:
    PROLOGUE
    push word [bp+4]
    push word [bp+6]
    mov si, [bp+8]
    LOAD_REGS
    call far [bp-12]
    STORE_REGS 8
    EPILOGUE

; void port_farcall32(u16 seg, u16 off, struct port_regs *r)
; As port_farcall with EAX..EDX = e_ax:ax .. e_dx:dx, returned the same way.
; Context: init/task, 80386 or later only (callers check the CPU first).
global _port_farcall32, port_farcall32_386_beg, port_farcall32_386_end
cpu 386
port_farcall32_386_beg:
_port_farcall32:
    PROLOGUE
    push word [bp+4]
    push word [bp+6]
    mov si, [bp+8]
    mov ax, [si + regs.e_ax]
    shl eax, 16
    mov bx, [si + regs.e_bx]
    shl ebx, 16
    mov cx, [si + regs.e_cx]
    shl ecx, 16
    mov dx, [si + regs.e_dx]
    shl edx, 16
    LOAD_REGS
    call far [bp-12]
    STORE_REGS 8
    shr eax, 16
    mov [si + regs.e_ax], ax
    shr ebx, 16
    mov [si + regs.e_bx], bx
    shr ecx, 16
    mov [si + regs.e_cx], cx
    shr edx, 16
    mov [si + regs.e_dx], dx
    EPILOGUE
port_farcall32_386_end:
cpu 286

; u8 port_peekb(u16 seg, u16 off)  /  u16 port_peekw(u16 seg, u16 off)
; Out: AX = the byte (zero-extended) or word.  Modifies: BX ES.  ISR-safe.
global _port_peekb, _port_peekw, _port_pokeb, _port_pokew
_port_peekb:
    mov bx, sp
    mov es, [ss:bx+2]
    mov bx, [ss:bx+4]
    mov al, [es:bx]
    xor ah, ah
    ret
_port_peekw:
    mov bx, sp
    mov es, [ss:bx+2]
    mov bx, [ss:bx+4]
    mov ax, [es:bx]
    ret

; void port_pokeb(u16 seg, u16 off, u8 v) / port_pokew(..., u16 v)
; Modifies: AX BX ES.  ISR-safe.
_port_pokeb:
    mov bx, sp
    mov al, [ss:bx+6]
    mov es, [ss:bx+2]
    mov bx, [ss:bx+4]
    mov [es:bx], al
    ret
_port_pokew:
    mov bx, sp
    mov ax, [ss:bx+6]
    mov es, [ss:bx+2]
    mov bx, [ss:bx+4]
    mov [es:bx], ax
    ret

; u16 port_ds(void)            Out: AX = DS.  ISR-safe.
global _port_ds
_port_ds:
    mov ax, ds
    ret

; u16 port_near(const void *p)   Out: AX = p (near pointers are offsets in
; the module's DS already).  Modifies: AX BX.  ISR-safe.
global _port_near
_port_near:
    mov bx, sp
    mov ax, [ss:bx+2]
    ret

; u16 port_irq_save(void)      Out: AX = FLAGS before; IF = 0.  ISR-safe.
; void port_irq_restore(u16)   Restores IF (and the other flags) from arg.
global _port_irq_save, _port_irq_restore
_port_irq_save:
    pushf
    pop ax
    cli
    ret
_port_irq_restore:
    mov bx, sp
    push word [ss:bx+2]
    popf
    ret

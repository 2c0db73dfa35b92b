; e_isr.asm - e_inter.c's interrupt handler: the "hardware interrupt"
; bench86 injects (bench_irq_arm) lands here and runs e_inter.c's
; isr_body() on a stack of its own, as a NIC's receive ISR would.
; Exports only _eisr_* names.
cpu 286

extern _isr_body

STACK_BYTES equ 1024

section .data
save_ss:   dw 0
save_sp:   dw 0
stack_lo:  times STACK_BYTES db 0
stack_top:

section .text
global _eisr_install

; void eisr_install(unsigned vec)
; Point interrupt vector vec at the handler below.
; C twin: none (a test helper).
; In:  [sp+2] vec.  Out: IVT entry vec = eisr.
; Modifies: AX BX flags.  Context: task, before the first bench_irq_arm;
; records the program's DS for the handler.
_eisr_install:
    push bp
    mov bp, sp
    push es
    xor ax, ax
    mov es, ax
    mov bx, [bp+4]
    shl bx, 2
    pushf
    cli
    mov word [es:bx], eisr
    mov [es:bx+2], cs
    mov [cs:prog_ds], ds
    popf
    pop es
    pop bp
    ret

; eisr - the handler (no C prototype; C twin: none).
; In: an injected interrupt, any DS, SS:SP anywhere (the module's private
; stack while a task entry runs).  Out: isr_body() ran with DS = ES = SS =
; the program's segment (bcc's model), interrupts off throughout.
; Modifies: nothing (4 bytes of the interrupted stack besides the
; interrupt frame).  Context: interrupt, not re-entered (one injection at
; a time).
eisr:
    push ds
    push ax
    mov ax, [cs:prog_ds]            ; bcc -Md: DS = SS, apart from CS
    mov ds, ax
    mov [save_ss], ss
    mov [save_sp], sp
    mov ss, ax
    mov sp, stack_top
    pusha
    push es
    mov es, ax
    cld
    call _isr_body
    pop es
    popa
    mov ss, [save_ss]
    mov sp, [save_sp]
    pop ax
    pop ds
    iret

prog_ds: dw 0                       ; the C program's DS (and SS)

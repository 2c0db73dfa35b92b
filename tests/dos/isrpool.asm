; isrpool.asm - t_isr.c's timer interrupt: PIT channel 0 at a high rate,
; an INT 8 handler that allocates and frees packet buffers through the
; client stubs (the module's ISR-safe far entries) while the foreground
; does the same, and the old INT 8 chained at the normal 18.2 Hz.
; Linked into every test COM (tests/dos/*.asm): only _isrp_* names are
; exported.
cpu 286

%include "mem_api_idx.inc"
extern _mem_pkt_alloc, _mem_pkt_free, _mem_small_free, _mem_api_tab

RING equ 8                          ; buffers the handler holds at most
MEM_PKT_DATA equ 48                 ; memory_api.h: the frame's offset

section .data
global _isrp_ticks, _isrp_allocs, _isrp_frees, _isrp_fails, _isrp_errors
global _isrp_active, _isrp_held, _isrp_stakes, _isrp_ptakes
_isrp_stakes: dw 0                  ; small objects taken by mem_small_take
_isrp_ptakes: dw 0                  ; packet buffers taken by mem_pkt_take
_isrp_ticks:  dw 0
_isrp_allocs: dw 0
_isrp_frees:  dw 0
_isrp_fails:  dw 0                  ; allocations that found no buffer
_isrp_errors: dw 0                  ; frees that did not return 0
_isrp_active: dw 0                  ; 1: the handler uses the pools
_isrp_held:   dw 0                  ; buffers in the ring
ring:         times RING dd 0
ring_head:    dw 0

section .text

isrp_ds:   dw 0
old8:      dd 0
divisor:   dw 0
acc:       dw 0

; void isrp_install(unsigned divisor)
; In: [sp+2] PIT divisor (e.g. 298: about 4 kHz).  Saves INT 8, sets ours,
; reprograms channel 0 (mode 3).  Context: foreground, DS = our data.
; Modifies: AX BX CX DX ES.
global _isrp_install
_isrp_install:
    mov bx, sp
    mov cx, [ss:bx+2]
    mov [cs:isrp_ds], ds
    mov [cs:divisor], cx
    mov word [cs:acc], 0
    xor ax, ax
    mov es, ax
    pushf
    cli
    mov ax, [es:8*4]
    mov [cs:old8], ax
    mov ax, [es:8*4+2]
    mov [cs:old8+2], ax
    mov word [es:8*4], isrp_isr
    mov [es:8*4+2], cs
    mov al, 36h                     ; channel 0, lo/hi, mode 3
    out 43h, al
    mov al, cl
    out 40h, al
    mov al, ch
    out 40h, al
    popf
    ret

; void isrp_remove(void)
; Channel 0 back to 18.2 Hz (divisor 0 = 65536), INT 8 back to the old
; handler.  Context: foreground.  Modifies: AX ES.
global _isrp_remove
_isrp_remove:
    xor ax, ax
    mov es, ax
    pushf
    cli
    mov al, 36h
    out 43h, al
    xor al, al
    out 40h, al
    out 40h, al
    mov ax, [cs:old8]
    mov [es:8*4], ax
    mov ax, [cs:old8+2]
    mov [es:8*4+2], ax
    popf
    ret

; unsigned long isrp_take(void)
; One buffer still in the ring (DX:AX, 0 = none), for the foreground to
; free after isrp_remove.  Modifies: AX BX DX.
global _isrp_take
_isrp_take:
    xor ax, ax
    xor dx, dx
    cmp word [_isrp_held], 0
    je .out
    dec word [_isrp_held]
    mov bx, [ring_head]
    dec bx
    and bx, RING - 1
    mov [ring_head], bx
    shl bx, 2
    mov ax, [ring+bx]
    mov dx, [ring+bx+2]
.out:
    ret

; The handler: every tick take and give back one small object through
; mem_small_take and one packet buffer through mem_pkt_take / mem_pkt_give
; (the register entries), allocate one buffer (lengths vary), and while the ring is
; full free the oldest.  Chains the old INT 8 whenever the
; divisors add up to 65536 (so the BIOS clock keeps time), else sends EOI.
isrp_isr:
    push ax
    push bx
    push cx
    push dx
    push si
    push di
    push bp
    push ds
    push es
    mov ds, [cs:isrp_ds]
    inc word [_isrp_ticks]
    cmp word [_isrp_active], 0
    je .chain
    ; the register entry as NIC code in assembly calls it: a small object
    ; (1..64 bytes) taken, written, and given back at once
    mov bx, [_isrp_ticks]
    and bx, 63
    inc bx
    call far [_mem_api_tab + 4 * MEM_FN_SMALL_TAKE]
    test di, di
    jz .nosmall
    mov byte [es:di], 5Ah
    push es
    push di
    call _mem_small_free
    add sp, 4
    test ax, ax
    jz .smallok
    inc word [_isrp_errors]
.smallok:
    inc word [_isrp_stakes]
.nosmall:
    ; and a packet buffer through mem_pkt_take / mem_pkt_give
    mov cx, [_isrp_ticks]
    and cx, 1023
    add cx, 60
    call far [_mem_api_tab + 4 * MEM_FN_PKT_TAKE]
    test di, di
    jz .nopkt
    mov byte [es:di+MEM_PKT_DATA], 5Ah
    call far [_mem_api_tab + 4 * MEM_FN_PKT_GIVE]
    test ax, ax
    jz .pktok
    inc word [_isrp_errors]
.pktok:
    inc word [_isrp_ptakes]
.nopkt:
    mov ax, [_isrp_ticks]
    and ax, 1023
    add ax, 60
    push ax
    call _mem_pkt_alloc
    add sp, 2
    mov bx, ax
    or bx, dx
    jz .nobuf
    inc word [_isrp_allocs]
    cmp word [_isrp_held], RING
    jb .store
    ; ring full: free the slot we are about to reuse
    mov bx, [ring_head]
    shl bx, 2
    push ax
    push dx
    push word [ring+bx+2]
    push word [ring+bx]
    call _mem_pkt_free
    add sp, 4
    test ax, ax
    jz .freed
    inc word [_isrp_errors]
.freed:
    inc word [_isrp_frees]
    dec word [_isrp_held]
    pop dx
    pop ax
.store:
    mov bx, [ring_head]
    shl bx, 2
    mov [ring+bx], ax
    mov [ring+bx+2], dx
    shr bx, 2
    inc bx
    and bx, RING - 1
    mov [ring_head], bx
    inc word [_isrp_held]
    jmp .chain
.nobuf:
    inc word [_isrp_fails]
.chain:
    mov ax, [cs:divisor]
    add [cs:acc], ax
    jc .old
    mov al, 20h
    out 20h, al
    pop es
    pop ds
    pop bp
    pop di
    pop si
    pop dx
    pop cx
    pop bx
    pop ax
    iret
.old:
    pop es
    pop ds
    pop bp
    pop di
    pop si
    pop dx
    pop cx
    pop bx
    pop ax
    jmp far [cs:old8]

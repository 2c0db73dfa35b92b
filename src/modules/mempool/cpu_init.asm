; cpu_init.asm - which CPU the module runs on: init only (part of the
; init part the loader drops; the answer stays in ops_cpu_id, which
; mem_cpu returns, and in the copy path ops_install386 writes).
; C twin: the host port's ops_detect_cpu.

cpu 286
section .text

MEM_CPU_8086    equ 0
MEM_CPU_186     equ 1
MEM_CPU_286     equ 2
MEM_CPU_386     equ 3
MEM_CPU_486     equ 4

extern ops_cpu_id, dma_sync_site, dma_sync_site386
global _ops_detect_cpu, _dma_install386

; u16 ops_detect_cpu(void)
; In: nothing.  Out: AX = MEM_CPU_* | v86 << 8, also kept for ops_cpu.
; Modifies: AX BX CX flags (FLAGS restored; high halves of 32-bit
; registers preserved).  Context: init.  C twin: the host port's.
;   8086/80186: FLAGS bits 12-15 read back as 1.  The 80186 masks shift
;     counts to 5 bits, the 8086 does not (1 << 33 is 2 on a 186, 0 on an
;     8086).
;   286+: SMSW bit 0 (PE) set means virtual-8086 mode, so a 386 or later
;     (real-mode code cannot run under a 286's protected mode).  In real
;     mode, FLAGS bits 12-14 stay 0 on a 286 and can be set on a 386.
;   386 vs 486+: EFLAGS.AC (bit 18) can be toggled on a 486 only.
_ops_detect_cpu:
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
    jne .p286
    mov ax, 1
    mov cl, 33
    shl ax, cl
    test ax, ax                 ; 0: 8086, 2: 80186
    mov ax, MEM_CPU_8086
    jz .done
    mov ax, MEM_CPU_186
    jmp .done
.p286:
    smsw ax
    test al, 1
    jnz .v86
    pushf
    pop ax
    or ax, 7000h
    push ax
    popf
    pushf
    pop ax
    test ax, 7000h
    mov ax, MEM_CPU_286
    jz .done
    call is486
    jmp .done
.v86:
    call is486
    mov ah, 1
.done:
    popf
    mov [cs:ops_cpu_id], ax
    ret

; void dma_install386(void)
; mem_dma_sync's bounce copy takes the copy core (dwords on a 386) instead
; of its in-line REP MOVSW: the site in dma_map.asm gets its 386 form.
; Init only (before the seal moves the MAP group; the jump is relative).
; In: nothing.  Modifies: AX.  Context: init, 386+ only.  C twin: none.
_dma_install386:
    mov ax, [cs:dma_sync_site386]
    mov [cs:dma_sync_site], ax
    jmp short .flush            ; prefetch queue emptied
.flush:
    ret

; ------------------------------------------------------------ 386 code
; Reached only after the tests above found a 386 or later.
cpu 386
cpu_init_386_beg:

; Out: AX = MEM_CPU_386 or MEM_CPU_486.  Modifies: BX; EAX ECX kept whole.
is486:
    push eax
    push ecx
    pushfd
    pushfd
    pop eax
    mov ecx, eax
    xor eax, 40000h             ; AC
    push eax
    popfd
    pushfd
    pop eax
    popfd
    xor eax, ecx
    mov bx, MEM_CPU_386
    test eax, 40000h
    jz .r
    mov bx, MEM_CPU_486
.r: pop ecx
    pop eax
    mov ax, bx
    ret
cpu_init_386_end:
cpu 286

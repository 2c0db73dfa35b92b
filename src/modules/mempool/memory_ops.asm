; memory_ops.asm - far copy, move, fill and compare; CPU detection; the
; patch that installs the 386 paths.  Contracts: memory_ops.h (internal
; ops_*) and memory_api.h section "copy and CPU" (mem_*: the module's far
; entries, for callers in assembly; C callers have the client library's
; near routines, src/client/copy.asm).  The cores and kernels are
; memory_ops_core.inc, shared with the client library: the shape of every
; path and the patch are described there.
; C twins: memory_ops_c.c (ops_*_c).

cpu 286
section .text

MEM_CPU_8086    equ 0
MEM_CPU_186     equ 1
MEM_CPU_286     equ 2
MEM_CPU_386     equ 3
MEM_CPU_486     equ 4

global _ops_copy, _ops_move, _ops_copy32, _ops_fill, _ops_compare, _ops_cpu
global _mod_copy, _mod_move, _mod_copy32, _mod_fill, _mod_compare, _mod_cpu
global _ops_detect_cpu, _ops_install386
global ops_fwd                  ; near, registers: the DMA bounce copy (dma_map.asm)

; ------------------------------------------------------------ entries
; Entries save BP SI DI DS ES; the near ones find their first argument at
; [bp+4], the far ones at [bp+6].
%macro SAVE 0
    push bp
    mov bp, sp
    push si
    push di
    push ds
    push es
%endmacro
%macro RESTORE 0
    cld
    pop es
    pop ds
    pop di
    pop si
    pop bp
%endmacro

; void ops_copy(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len)
; In: arguments on the stack (near call).  Out: nothing.
; Modifies: AX BX CX DX ES flags (DF clear on return).
; Context: ISR-safe.  C twin: ops_copy_c.
_ops_copy:
    SAVE
    mov es, [bp+4]
    mov di, [bp+6]
    mov ds, [bp+8]
    mov si, [bp+10]
    mov cx, [bp+12]
    cld
    call ops_fwd
    RESTORE
    ret

; void mem_copy(mem_fp_t dst, mem_fp_t src, mem_u16 len)  (far entry)
; In: [sp+4] dst (off, seg), [sp+8] src (off, seg), [sp+12] len.
; Out: nothing.  Modifies: AX BX CX DX ES flags.  Context: ISR-safe.
; C twin: ops_copy_c.
_mod_copy:
    SAVE
    les di, [bp+6]
    lds si, [bp+10]
    mov cx, [bp+14]
    cld
    call ops_fwd
    RESTORE
    retf

; void ops_move(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len)
; As ops_copy; the ranges may overlap either way.  C twin: ops_move_c.
_ops_move:
    SAVE
    mov es, [bp+4]
    mov di, [bp+6]
    mov ds, [bp+8]
    mov si, [bp+10]
    mov cx, [bp+12]
    call ops_mv
    RESTORE
    ret

; void mem_move(mem_fp_t dst, mem_fp_t src, mem_u16 len)  (far entry)
; As mem_copy; the ranges may overlap either way.  C twin: ops_move_c.
_mod_move:
    SAVE
    les di, [bp+6]
    lds si, [bp+10]
    mov cx, [bp+14]
    call ops_mv
    RESTORE
    retf

; void ops_copy32(u16 dseg, u16 doff, u16 sseg, u16 soff, u32 len)
; As ops_copy for any length: pieces of at most FFF0h bytes, interrupts
; enabled throughout.  C twin: ops_copy32_c.
_ops_copy32:
    SAVE
    mov es, [bp+4]
    mov di, [bp+6]
    mov ds, [bp+8]
    mov si, [bp+10]
    lea bx, [bp+12]             ; -> len (low word first)
    call ops_fwd32
    RESTORE
    ret

; void mem_copy32(mem_fp_t dst, mem_fp_t src, mem_u32 len)  (far entry)
; In: [sp+4] dst, [sp+8] src, [sp+12] len (low, high).
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe, though a long copy
; is better left to task time.  C twin: ops_copy32_c.
_mod_copy32:
    SAVE
    les di, [bp+6]
    lds si, [bp+10]
    lea bx, [bp+14]
    call ops_fwd32
    RESTORE
    retf

; void ops_fill(u16 seg, u16 off, u8 v, u16 len)
; Out: nothing.  Modifies: AX BX CX DX ES flags.  Context: ISR-safe.
; C twin: ops_fill_c.
_ops_fill:
    SAVE
    mov es, [bp+4]
    mov di, [bp+6]
    mov al, [bp+8]
    mov cx, [bp+10]
    cld
    call ops_fil
    RESTORE
    ret

; void mem_fill(mem_fp_t dst, mem_u8 v, mem_u16 len)  (far entry)
; In: [sp+4] dst, [sp+8] v, [sp+10] len.  Context: ISR-safe.
; C twin: ops_fill_c.
_mod_fill:
    SAVE
    les di, [bp+6]
    mov al, [bp+10]
    mov cx, [bp+12]
    cld
    call ops_fil
    RESTORE
    retf

; int ops_compare(u16 aseg, u16 aoff, u16 bseg, u16 boff, u16 len)
; Out: AX = 0 equal, else a[i] - b[i] at the first difference.
; Modifies: AX BX CX DX ES flags.  Context: ISR-safe.  C twin: ops_compare_c.
_ops_compare:
    SAVE
    mov ds, [bp+4]
    mov si, [bp+6]
    mov es, [bp+8]
    mov di, [bp+10]
    mov cx, [bp+12]
    cld
    call ops_cmp
    RESTORE
    ret

; int mem_compare(mem_fp_t a, mem_fp_t b, mem_u16 len)  (far entry)
; In: [sp+4] a, [sp+8] b, [sp+12] len.  Out: AX as ops_compare.
; Context: ISR-safe.  C twin: ops_compare_c.
_mod_compare:
    SAVE
    lds si, [bp+6]
    les di, [bp+10]
    mov cx, [bp+14]
    cld
    call ops_cmp
    RESTORE
    retf

; u16 ops_cpu(void) / mem_u16 mem_cpu(void)  (near / far)
; Out: AX = MEM_CPU_* | v86 << 8 (0 before init).  Modifies: AX.
; Context: ISR-safe.  C twin: none (the host port returns its simulated CPU).
_ops_cpu:
    mov ax, [cs:ops_cpu_id]
    ret
_mod_cpu:
    mov ax, [cs:ops_cpu_id]
    retf

%include "memory_ops_core.inc"

; ------------------------------------------------------------ CPU
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

; void ops_install386(void)
; Rewrites each patch site to its 386 kernel (memory_ops_core.inc: one word
; store per site, interrupts off 18 clocks, prefetch flush).
; In: nothing.  Modifies: AX BX flags.  Context: init, 386+ only.
; C twin: none (the host port's is a no-op).
_ops_install386:
    mov bx, 4
    jmp ops_patch

ops_tab_data_beg:
ops_cpu_id:     dw 0
ops_patch_tab:
    OPS_PATCH_ROWS
ops_patch_end:
ops_tab_data_end:

; ------------------------------------------------------------ 386 code
; Reached only after the CPU was found to be a 386 or later: the detection
; above and the patched sites.
cpu 386
ops_386_beg:

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

    OPS_386_KERNELS

ops_386_end:
cpu 286

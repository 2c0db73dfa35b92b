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
global _ops_install386, ops_cpu_id
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
; Reached only through the patched sites, written after the CPU was found
; to be a 386 or later (cpu_init.asm).
cpu 386
ops_386_beg:

    OPS_386_KERNELS

ops_386_end:
cpu 286

; dma_stubs.asm - the client library's stubs for the DMA entries
; (mem_dma_alloc, mem_dma_free, mem_dma_map, mem_dma_sync, mem_dma_unmap):
; each turns the C caller's near call into a far one and jumps straight to
; the module's entry with a direct far jump that mem_load() writes into the
; stub (api.def marks these entries stub = lib; genapi.awk generates the
; others, which jump through the table).  The entry's RETF returns to the
; C caller.  What the generated form pays and this one does not: the
; bound test (CMP m / Jcc, 6 + 8 clocks on an 80286) and the indirect far
; jump (JMP m16:16, 17 against 13 for the direct one).
;
; The jump site.  Unbound (before mem_load, after mem_unload) it is a near
; jump to the "no module" end: AX = MEM_E_STATE, DX = 0, as every
; generated int stub.  mem_load() rewrites its five bytes into JMP FAR
; seg:off (EAh) of the entry, mem_unload() puts the near jump back, and
; mem_seal() binds again, since the seal moves the MAP group or points a
; dropped entry at the module's MEM_E_STATE answer (dma_stubs_bind).  All
; of it runs at init or task time, when no interrupt handler may call into
; the library (the core binds before it hooks a NIC interrupt and unhooks
; before it unloads; mem_dma_alloc / mem_dma_free stay where they are
; across a seal, and their sites are rewritten with the same bytes), so
; the five bytes need not change at once; a near jump after the writes
; empties the prefetch queue.
;
; Clocks (80286, the stub alone, bound): POP 5, PUSH CS 3, PUSH 3, JMP FAR
;   11+m = 24 (make bench: dma_alloc, dma_free, dma_map_inplace,
;   dma_map_bounce, dma_sync_bounce1514, dma_unmap through these stubs).
; C twin: none (the host tests call the module's C twins directly).
cpu 286
section .text

MEM_E_STATE equ -12
%include "mem_api_idx.inc"

; STUB name, MEM_FN index - the stub: the near return address made a far
; one, then the 5-byte site (JMP NEAR dma_unbound + 2 filler bytes,
; rewritten into JMP FAR by dma_stubs_bind).
%macro STUB 1
global _mem_%1
_mem_%1:
    pop bx                      ; 5  the near return ...
    push cs                     ; 3
    push bx                     ; 3  ... as a far one
site_%1:
    jmp near dma_unbound        ; patched: JMP FAR the entry
    nop
    nop
%endmacro

; int mem_dma_alloc(int tag, mem_fp_t out)       (memory_api.h)
; int mem_dma_free(mem_u16 handle)
; int mem_dma_map(int tag, mem_fp_t buf, mem_u16 len, mem_fp_t map)
; int mem_dma_sync(mem_fp_t map, int dir)
; int mem_dma_unmap(mem_fp_t map)
; In: the arguments on the stack, as the C caller pushed them.
; Out: AX (and DX) as the module's entry; unbound AX = MEM_E_STATE, DX = 0.
; Modifies: AX BX CX DX ES.  Context: as the entry (memory_api.h).
STUB dma_alloc
STUB dma_free
STUB dma_map
STUB dma_sync
STUB dma_unmap

dma_unbound:                    ; the far return the stub made
    mov ax, MEM_E_STATE
    xor dx, dx
    retf

; void dma_stubs_bind(int bind)
; Write the jump sites: bind != 0: JMP FAR to the entry mem_load() put in
; _mem_api_tab[MEM_FN_x]; bind = 0: back to the unbound near jumps.
; In: [sp+2] bind.  Modifies: AX BX CX DX.
; Context: init/task (mem_load / mem_unload / mem_seal).  C twin: none.
global _dma_stubs_bind
extern stub_sites_bind
_dma_stubs_bind:
    mov al, 0EAh                ; JMP FAR ptr16:16
    mov cx, dma_bind_tab
    mov dx, dma_bind_end
    jmp stub_sites_bind         ; pool_stubs.asm

dma_stubs_data_beg:
dma_bind_tab:
    dw site_dma_alloc, MEM_FN_DMA_ALLOC, dma_unbound
    dw site_dma_free, MEM_FN_DMA_FREE, dma_unbound
    dw site_dma_map, MEM_FN_DMA_MAP, dma_unbound
    dw site_dma_sync, MEM_FN_DMA_SYNC, dma_unbound
    dw site_dma_unmap, MEM_FN_DMA_UNMAP, dma_unbound
dma_bind_end:
dma_stubs_data_end:

; mod_core.asm - the module's own state (struct mod_state), the C gate's
; state and private stack, and unload.  Core: resident from init to unload,
; never moves.  Layouts: mod_core.h / mod_core.inc.
; C twins: mod_core_c.c (host).

cpu 286
%include "mod_core.inc"

section .text

extern _dma_release_all, _xms_unload, _arena_release_all
extern _mod_unload_hooks

global _mod, _gate_depth, _mod_isr_depth, _gate_ss, _gate_sp, _gate_top, _mod_unload

mod_core_data_beg:
_mod:        times MS_SIZE db 0
_gate_ss:    dw 0               ; the caller's stack while a task call runs
_gate_sp:    dw 0
_gate_depth: db 0               ; 1 while a task call runs (c_gate)
; The nesting count of NIC ISRs inside mem_isr_enter / mem_isr_leave
; (isr_guard.asm; up to 255).  Right after _gate_depth, so that one word
; compare tells "no task call runs and no ISR is inside its bracket", the
; test every task entry makes first (c_gate, dma_map.asm's TASK_IN).
_mod_isr_depth: db 0
; The top of the private stack every task entry runs on (c_gate): the end
; of what the module keeps.  The stack is not part of the image: it is the
; last bytes of the module's block (the header's stack_bytes of them), past
; the code it keeps - past the image while init runs, over the dead init
; part once it has run, behind the last group kept once sealed.  So the
; seal sizes it for what it keeps (docs/architecture/resident-split.md).
; Set by init_entry (the first call), mod_init and the seal.
_gate_top:   dw 0
mod_core_data_end:

; int mod_unload(void)
; Give back everything: what the run-time groups hold (their unload hooks:
; each group that holds something of its own - the MAP group's VDS
; regions, the XMS group's handles - gives it back; a dropped group holds
; nothing), every DMA tag's VDS locks and arena, every UMB (then the driver
; is forgotten), then every block the arena table still holds: the pools'
; arenas (arena_put wipes each header, so no stale pointer into one
; passes).  Works whatever the seal dropped.
; C twin: mod_unload() in mod_core_c.c.
; Out: AX = MEM_OK, MEM_E_STATE (not initialised).
; Modifies: AX BX CX DX ES.  Context: init (through the C gate).
_mod_unload:
    mov ax, MEM_E_STATE
    cmp byte [_mod+MS_INITIALISED], 0
    je .ret
    push si
    mov si, _mod_unload_hooks + 2   ; hooks 1..4
.hook:
    mov bx, [si]
    test bx, bx
    jz .next
    call bx
.next:
    add si, 2
    cmp si, _mod_unload_hooks + 10
    jb .hook
    pop si
    call _dma_release_all
    call _xms_unload
    call _arena_release_all
    mov byte [_mod+MS_INITIALISED], 0
    xor ax, ax
.ret:
    ret

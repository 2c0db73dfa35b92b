; xms_core.asm - the XMS part of the module's core, resident for good: the
; driver, the driver call, UMBs (XMS 10h/11h) and their release at unload.
; Pool arenas may lie in XMS UMBs and are given back through arena_put's
; hook whatever the seal dropped, so UMBs are core.  Handles are not: the
; handle table and their release at unload are the XMS group's
; (xms_move.asm, its unload hook xms_release), which a driver that never
; uses XMS drops at the seal.  The group and the set-up C (xms_setup.c)
; build on this file; nothing here calls either of them, so unload works
; after the seal has dropped both.
; Layouts: xms_service.h, mirrored in xms_core.inc.  C twins: xms_core_c.c
; (host tests; src/port/host/xms_host.c maps the names defined here).
;
; Context: task/init only, on the module's stack (c_gate): an XMS driver
; needs 256 bytes of stack, keeps interrupts off for long stretches and is
; not re-entrant (shared/reference/xms-vds-dos-facts.md 1.1).  DS = CS.

cpu 286
%include "pool_fast.inc"
%include "xms_core.inc"

section .text

global _xms, _xms_umb_tab
global xms_call, xms_fail
global _xms_umb_request, _xms_umb_release, _xms_unload
extern _mod_isr_depth

; ---------------------------------------------------------------- data
; struct xms_state xms; u16 xms_umb_tab[XMS_UMB_MAX] (0 = a free entry).
xms_core_data_beg:
_xms:            times XS_SIZE db 0
_xms_umb_tab:    times XMS_UMB_MAX dw 0
xms_core_data_end:

; ---------------------------------------------------------- the driver
; xms_call - call the XMS driver's entry point.
; C twin: xms_call_c() (xms_core_c.c).
; In:  AH = function, BX CX DX SI as the function takes them (0Bh: DS:SI
;      -> the move structure); a driver is in use (xms.entry_seg != 0).
; Out: CF = 0: AX (!= 0) BX CX DX as the driver returned them;
;      CF = 1: the driver said AX = 0: AX = MEM_E_XMS(code) with BL = the
;      code, also kept in xms.last_error (a code below 80h is no XMS code:
;      the driver is broken, it counts as 8Eh, general driver error).
; Modifies: AX BX CX DX flags; keeps SI DI BP DS ES (whatever the driver
;      does with them).
; Context: task/init, on the module's stack.
; Clocks (80286, on success, besides the driver): pushes 15, CALL FAR m
;      16+m, pops 25, TEST and JZ 5, RET 11+m: 72 + 2m (bench86: 77).
xms_call:
    push ds                             ; 3
    push es                             ; 3
    push si                             ; 3
    push di                             ; 3
    push bp                             ; 3
    call far [cs:_xms + XS_ENTRY_OFF]   ; 16+m
    pop bp                              ; 5
    pop di                              ; 5
    pop si                              ; 5
    pop es                              ; 5
    pop ds                              ; 5
    test ax, ax                         ; 2  CF = 0
    jz .fail                            ; 3
    ret                                 ; 11+m
.fail:
    cmp bl, 80h
    jae xms_fail
    mov bl, 8Eh
    ; falls into xms_fail

; xms_fail - name an XMS error and record it.
; C twin: the failure half of xms_call_c() (xms_core_c.c).
; In:  BL = the code (80h..FFh).
; Out: CF = 1, AX = MEM_E_XMS(BL) = -(100h | BL), xms.last_error = BL.
; Modifies: AX flags.  Context: task/init.
xms_fail:
    mov [cs:_xms + XS_LAST_ERROR], bl
    mov al, bl
    mov ah, 1
    neg ax                              ; CF = 1 (AX was not 0)
    ret

; ---------------------------------------------------------------- UMBs
; umb_guard - may the UMB calls run?
; C twin: umb_guard() (xms_core_c.c).
; In:  nothing.
; Out: CF = 0 yes; CF = 1: AX = MEM_E_BUSY (inside an ISR bracket) or
;      MEM_E_NOXMS (no driver).
; Modifies: AX flags.  Context: init/task.
umb_guard:
    mov ax, MEM_E_BUSY
    cmp byte [_mod_isr_depth], 0
    jne .no
    mov ax, MEM_E_NOXMS
    cmp word [_xms + XS_ENTRY_SEG], 1   ; CF = 1 exactly when it is 0
    ret
.no:
    stc
    ret

; umb_find - the first slot of the UMB table that holds a value.
; C twin: umb_find() (xms_core_c.c).
; In:  AX = the value (0: a free slot).
; Out: CF = 0: SI -> the slot; CF = 1: no slot holds AX.
; Modifies: SI flags.  Context: init/task.
umb_find:
    mov si, _xms_umb_tab
.next:
    cmp [si], ax
    je .out                             ; CF = 0
    add si, 2
    cmp si, _xms_umb_tab + 2 * XMS_UMB_MAX
    jb .next
    stc
.out:
    ret

; int xms_umb_request(u16 paras, u16 *seg, u16 *got)
; Ask the driver for an upper memory block (XMS 10h); arena.c calls it
; through its hook arena_xms_umb_get.
; C twin: xms_umb_request_c() (xms_core_c.c).
; In:  bcc near call: [sp+2] paras, [sp+4] seg, [sp+6] got (near, DS).
; Out: AX = MEM_OK, *seg = the UMB's segment, *got = its paragraphs
;      (>= paras), the segment kept in xms_umb_tab; otherwise *seg = 0,
;      *got = the largest UMB the driver has (DX after the failed call; 0
;      when the call was not made) and AX = MEM_E_BUSY, MEM_E_NOXMS,
;      MEM_E_HANDLES (XMS_UMB_MAX held already) or MEM_E_XMS(code):
;      B0h only a smaller UMB, B1h none, 80h the driver gives no UMBs.
; Modifies: AX BX CX DX flags.  Context: init/task.
_xms_umb_request:
    push bp
    mov bp, sp
    push si
    xor ax, ax
    mov bx, [bp+6]
    mov [bx], ax                        ; *seg = 0
    mov bx, [bp+8]
    mov [bx], ax                        ; *got = 0
    call umb_guard
    jc .out
    xor ax, ax
    call umb_find                       ; a free slot
    mov ax, MEM_E_HANDLES
    jc .out
    mov dx, [bp+4]
    mov ah, 10h
    call xms_call                       ; keeps SI
    jc .got                             ; AX = the error, DX = largest
    mov [si], bx
    mov si, [bp+6]
    mov [si], bx
    xor ax, ax
.got:
    mov si, [bp+8]
    mov [si], dx
.out:
    pop si
    pop bp
    ret

; int xms_umb_release(u16 seg)
; Give back a UMB from xms_umb_request (XMS 11h); arena.c's hook
; arena_xms_umb_put.
; C twin: xms_umb_release_c() (xms_core_c.c).
; In:  bcc near call: [sp+2] seg.
; Out: AX = MEM_OK (the slot is free again), MEM_E_BADPTR for a segment
;      the module did not get from the driver (0 included), MEM_E_BUSY,
;      MEM_E_NOXMS, MEM_E_XMS(code) when the driver refuses (kept then).
; Modifies: AX BX CX DX flags.  Context: init/task.
_xms_umb_release:
    push si
    call umb_guard
    jc .out
    mov bx, sp
    mov ax, [ss:bx+4]
    mov dx, ax
    test ax, ax
    jz .bad
    call umb_find
    jc .bad
    mov ah, 11h
    call xms_call
    jc .out
    mov word [si], 0
    xor ax, ax
.out:
    pop si
    ret
.bad:
    mov ax, MEM_E_BADPTR
    pop si
    ret

; -------------------------------------------------------------- unload
; void xms_unload(void)
; Give the driver back every UMB still held, then forget the driver.
; Driver errors are ignored: there is nobody left to tell.  Handles are
; given back before, by the XMS group's unload hook (xms_release), which
; mod_unload calls first; a seal that drops the group has made sure it
; holds none.  Touches core data only, so mod_unload can call it whichever
; groups the seal dropped.
; C twin: xms_unload_c() (xms_core_c.c).
; In:  nothing (bcc near call).  Out: nothing.
; Modifies: AX BX CX DX flags.  Context: task/init (mod_unload; mod_init
;      when init fails).
_xms_unload:
    cmp word [_xms + XS_ENTRY_SEG], 0
    je .none
    push si
    mov si, _xms_umb_tab
.umb:
    mov dx, [si]
    test dx, dx
    jz .next
    mov ah, 11h
    call xms_call
    mov word [si], 0
.next:
    add si, 2
    cmp si, _xms_umb_tab + 2 * XMS_UMB_MAX
    jb .umb
    xor ax, ax
    mov [_xms + XS_ENTRY_SEG], ax
    mov [_xms + XS_ENTRY_OFF], ax
    pop si
.none:
    ret

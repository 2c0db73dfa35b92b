; isr_guard.asm - mem_isr_enter / mem_isr_leave: a NIC ISR brackets itself
; with them so that task entries can tell they are being called from inside
; an interrupt handler: the C gate (mod_header.asm) refuses every one of
; them with MEM_E_BUSY while the count is not 0.  The count, mod_isr_depth
; (xms_service.h), is a byte of core data beside the gate's (mod_core.asm):
; up to 255 nested brackets.

cpu 286
section .text
extern _mod_isr_depth

; void mem_isr_enter(void)
; In: nothing.  Out: mod_isr_depth + 1.  Modifies: flags.
; Context: ISR-safe (one read-modify-write instruction: atomic against
;   interrupts on one CPU).  C twin: mod_isr_enter_c() in isr_guard_c.c.
global _mod_isr_enter
_mod_isr_enter:
    inc byte [cs:_mod_isr_depth]
    retf

; void mem_isr_leave(void)
; In: nothing.  Out: mod_isr_depth - 1, never below 0.  Modifies: flags.
; Context: ISR-safe.  An interrupt between the test and the decrement
;   enters and leaves in pairs, so the count it sees is restored.
;   C twin: mod_isr_leave_c() in isr_guard_c.c.
global _mod_isr_leave
_mod_isr_leave:
    cmp byte [cs:_mod_isr_depth], 0
    je .out
    dec byte [cs:_mod_isr_depth]
.out:
    retf

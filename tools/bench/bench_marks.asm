; bench_marks.asm - C-callable bench86 region markers for bcc (nasm -f as86).
;
; Each routine is a single marker whose payload tells bench86 to take the id
; (and the name pointer) from the cdecl arguments on the stack, so the body
; needs no register: the routine modifies nothing and trivially preserves
; SI, DI, BP, DS (and every other register and flag).  bench86 also removes
; the call glue from the region (README.md, "Counting rules"): the caller's
; MOV/PUSH of the argument and the CALL before the marker, and everything up to
; the caller's stack clean-up after it, so a region measured from C holds
; exactly the code between the two calls.
;
; On a PC or in DOSBox each routine writes AL to port 0E9h (nobody decodes it)
; and returns.

        BITS 16
        SECTION .text

        GLOBAL  _bench_begin
        GLOBAL  _bench_end
        GLOBAL  _bench_name
        GLOBAL  _bench_irq_arm
        GLOBAL  _bench_irq_disarm

; void bench_begin(unsigned id);
; In:       [SP+2] = id (1..250)
; Out:      nothing
; Modifies: nothing
; Context:  any (task or ISR); interrupts unchanged
; C twin:   none - a no-op outside bench86
_bench_begin:
        out     0E9h, al
        jmp     short .done
        db      0BEh, 'b', 0
.done:  ret

; void bench_end(unsigned id);
; In:       [SP+2] = id (1..250)
; Out:      nothing
; Modifies: nothing
; Context:  any (task or ISR); interrupts unchanged
; C twin:   none - a no-op outside bench86
_bench_end:
        out     0E9h, al
        jmp     short .done
        db      0BEh, 'e', 0
.done:  ret

; void bench_name(unsigned id, const char *name);
; In:       [SP+2] = id (1..250), [SP+4] = near pointer (DS) to a NUL-terminated
;           name: letters, digits, '_', '.', '-', at most 47 characters
; Out:      nothing
; Modifies: nothing
; Context:  any; call it once per id, before or after the region is used
; C twin:   none - a no-op outside bench86
_bench_name:
        out     0E9h, al
        jmp     short .done
        db      0BEh, 'n', 0
.done:  ret

; void bench_irq_arm(unsigned k, unsigned vec, unsigned *flag);
; Arm an injected hardware interrupt (README.md, "Injected interrupts"):
; bench86 takes INT vec through the IVT at the first instruction boundary
; at or after boundary k where IF = 1; boundary 0 is this routine's return
; address (the caller's first instruction after the CALL).  *flag (DS; a
; null pointer: none) is written 0 now and 1 + the boundaries the interrupt
; had to wait (IF = 0, STI / MOV SS shadow) when it is taken.
; In:       [SP+2] = k, [SP+4] = vec (0..255), [SP+6] = flag (near, DS)
; Out:      nothing
; Modifies: nothing
; Context:  task; C twin: none - a no-op outside bench86
_bench_irq_arm:
        out     0E9h, al
        jmp     short .done
        db      0BEh, 'i', 0
.done:  ret

; void bench_irq_disarm(void);
; Disarm the interrupt bench_irq_arm armed, if it has not been taken.
; In:       nothing
; Out:      nothing
; Modifies: nothing
; Context:  any; C twin: none - a no-op outside bench86
_bench_irq_disarm:
        out     0E9h, al
        jmp     short .done
        db      0BEh, 'x', 0
.done:  ret

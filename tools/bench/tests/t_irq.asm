; t_irq.asm - interrupts-off windows.
; Rule (README.md): an instruction's clocks belong to an IF=0 run when IF is 0
; before or after it, so a window includes the CLI and the STI/POPF that ends
; it.  Figures from the reference table section 1.2.
;
;@expect cli_sti 286 12
;@expect cli_sti 386 13
;@expect cli_sti_irqoff 286 9
;@expect cli_sti_irqoff 386 10
;@expect pushf_cli_popf 286 32
;@expect pushf_cli_popf 386 30
;@expect pushf_cli_popf_irqoff 286 26
;@expect pushf_cli_popf_irqoff 386 23
;@expect irq_off_max_all 286 26
;@expect irq_off_max_all 386 23
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

        BENCH_NAME 1, "cli_sti"
        BENCH_NAME 2, "pushf_cli_popf"

        BENCH_BEGIN 1
        cli                     ;  3  3   IF 1 -> 0: in the window
        mov     ax, 1           ;  2  2   IF 0
        add     ax, bx          ;  2  2   IF 0
        sti                     ;  2  3   IF 0 -> 1: in the window
        nop                     ;  3  3   IF 1: window closed
        BENCH_END 1
        ; total  286: 3+2+2+2+3 = 12   386: 3+2+2+3+3 = 13
        ; irqoff 286: 3+2+2+2   = 9    386: 3+2+2+3   = 10
        ; (the STI shadow - one more instruction before an IRQ can be taken -
        ;  is not modelled)

        ; the pool-pop sequence of the reference, section 1.5
        mov     bx, head
        BENCH_BEGIN 2
        pushf                   ;  3  4   IF 1 -> 1: outside the window
        cli                     ;  3  3
        mov     si, [bx]        ;  5  4
        test    si, si          ;  2  2
        jz      .empty          ;  3  3   not taken
        mov     ax, [si]        ;  5  4
        mov     [bx], ax        ;  3  2
.empty: popf                    ;  5  5   IF 0 -> 1
        nop                     ;  3  3
        BENCH_END 2
        ; irqoff 286: 3+5+2+3+5+3+5 = 26 (the reference's figure)
        ;        386: 3+4+2+3+4+2+5 = 23
        ; total  286: 3 + 26 + 3 = 32   386: 4 + 23 + 3 = 30

        mov     ax, 4C00h
        int     21h

head:   dw      node1
node1:  dw      node2
node2:  dw      0

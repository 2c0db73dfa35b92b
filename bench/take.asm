; take.asm - mpbench's caller of mem_small_take, the register entry of the
; small-object allocator (what a NIC driver's ISR written in assembly runs).
;
; mem_fp_t bench_small_take(unsigned size)
; C twin: none (a bench helper).
; In:  [sp+2] size.  Out: DX:AX (and BX:AX, bcc's other long register pair)
;      = the block, 0:0 when mem_small_take returned DI = 0.
; Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.
; Context: task, after mem_load().
; Counting: region R_SMALL_ALLOC (1) is opened with BENCH_CALLEE, so it holds
; what the module executes for the call, from the entry through its RETF;
; the CALL FAR itself (16+m clocks on a 286) is the caller's.
        cpu     286
%include "bench_marks.inc"
%include "mem_api_idx.inc"

R_SMALL_ALLOC equ 1

        section .text
        extern  _mem_api_tab
        global  _bench_small_take
_bench_small_take:
        push    bp
        mov     bp, sp
        push    di
        mov     bx, [bp+4]
        BENCH_CALLEE R_SMALL_ALLOC
        call    far [_mem_api_tab + 4 * MEM_FN_SMALL_TAKE]
        BENCH_END R_SMALL_ALLOC
        mov     ax, di
        mov     dx, es
        test    ax, ax
        jnz     .ok
        xor     dx, dx
.ok:    mov     bx, dx
        pop     di
        pop     bp
        ret

; take.asm - mpbench's callers of the pools' register entries (mem_small_take,
; mem_small_give, mem_pkt_take, mem_pkt_give): what a NIC driver's ISR
; written in assembly runs.
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

; int bench_small_give(mem_fp_t p)        region R_SMALL_FREE_R (24)
; mem_fp_t bench_pkt_take(unsigned len)   region R_PKT_ALLOC_R (25)
; int bench_pkt_give(mem_fp_t p)          region R_PKT_FREE_R (26)
; C twin: none (bench helpers).  As bench_small_take: each region holds the
; module's entry from its first instruction through its RETF.
; Out: AX = the entry's result / DX:AX (and BX:AX) = the buffer, 0:0 when
;      DI = 0.  Modifies: AX BX CX DX ES flags; keeps SI DI BP DS.
R_SMALL_FREE_R equ 24
R_PKT_ALLOC_R  equ 25
R_PKT_FREE_R   equ 26

        global  _bench_small_give, _bench_pkt_take, _bench_pkt_give
_bench_small_give:
        push    bp
        mov     bp, sp
        push    di
        les     di, [bp+4]
        BENCH_CALLEE R_SMALL_FREE_R
        call    far [_mem_api_tab + 4 * MEM_FN_SMALL_GIVE]
        BENCH_END R_SMALL_FREE_R
        pop     di
        pop     bp
        ret

_bench_pkt_give:
        push    bp
        mov     bp, sp
        push    di
        les     di, [bp+4]
        BENCH_CALLEE R_PKT_FREE_R
        call    far [_mem_api_tab + 4 * MEM_FN_PKT_GIVE]
        BENCH_END R_PKT_FREE_R
        pop     di
        pop     bp
        ret

_bench_pkt_take:
        push    bp
        mov     bp, sp
        push    di
        mov     cx, [bp+4]
        BENCH_CALLEE R_PKT_ALLOC_R
        call    far [_mem_api_tab + 4 * MEM_FN_PKT_TAKE]
        BENCH_END R_PKT_ALLOC_R
        mov     ax, di
        mov     dx, es
        test    ax, ax
        jnz     .ok
        xor     dx, dx
.ok:    mov     bx, dx
        pop     di
        pop     bp
        ret

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

; BENCH_TAKE name, argreg, region, fn - mem_fp_t name(unsigned arg): the
; argument into argreg, the entry called under BENCH_CALLEE region, ES:DI
; back as DX:AX (and BX:AX), 0:0 when DI = 0.
%macro BENCH_TAKE 4
        global  %1
%1:
        push    bp
        mov     bp, sp
        push    di
        mov     %2, [bp+4]
        BENCH_CALLEE %3
        call    far [_mem_api_tab + 4 * %4]
        BENCH_END %3
        mov     ax, di
        mov     dx, es
        test    ax, ax
        jnz     %%ok
        xor     dx, dx
%%ok:   mov     bx, dx
        pop     di
        pop     bp
        ret
%endmacro

; BENCH_GIVE name, region, fn - int name(mem_fp_t p): p into ES:DI, the
; entry called under BENCH_CALLEE region, its AX returned.
%macro BENCH_GIVE 3
        global  %1
%1:
        push    bp
        mov     bp, sp
        push    di
        les     di, [bp+4]
        BENCH_CALLEE %2
        call    far [_mem_api_tab + 4 * %3]
        BENCH_END %2
        pop     di
        pop     bp
        ret
%endmacro

        BENCH_TAKE _bench_small_take, bx, R_SMALL_ALLOC, MEM_FN_SMALL_TAKE

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

        BENCH_GIVE _bench_small_give, R_SMALL_FREE_R, MEM_FN_SMALL_GIVE
        BENCH_GIVE _bench_pkt_give, R_PKT_FREE_R, MEM_FN_PKT_GIVE
        BENCH_TAKE _bench_pkt_take, cx, R_PKT_ALLOC_R, MEM_FN_PKT_TAKE

; mem_fp_t bench_heap_top(unsigned len)     region R_HEAP_TOP (41)
; mem_fp_t bench_heap_bottom(unsigned len)  region R_HEAP_BOTTOM (42)
; mem_fp_t bench_heap_put1(unsigned len)    region R_HEAP_PUT1 (43)
; C twin: none (bench helpers).  mem_pkt_take's table slot with a packet
; heap configured (mem_pkt_htake), counted as bench_pkt_take: the entry
; from its first instruction through its RETF, one region per case
; mpbench's bench_heap times.
R_HEAP_TOP     equ 41
R_HEAP_BOTTOM  equ 42
R_HEAP_PUT1    equ 43

        BENCH_TAKE _bench_heap_top, cx, R_HEAP_TOP, MEM_FN_PKT_TAKE
        BENCH_TAKE _bench_heap_bottom, cx, R_HEAP_BOTTOM, MEM_FN_PKT_TAKE
        BENCH_TAKE _bench_heap_put1, cx, R_HEAP_PUT1, MEM_FN_PKT_TAKE

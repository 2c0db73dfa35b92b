; fakexms.asm - a minimal XMS 2.0 driver inside a bench program, so that
; bench86 (which has none) can time the module's XMS paths.  Its "extended
; memory" is a conventional block the program gives it; function 0Bh is a
; plain REP MOVSW between normalised addresses.  Every call of the entry is
; a bench86 region, so the module's own clocks are a region's minus the
; driver's: R_XMS_DRV (30) a move of 16 bytes or more, R_XMS_DRV2 (29)
; any other call.  The dispatch that picks the region (two or four
; instructions, 11 or 19 clocks on a 286) runs before the marker and is
; charged to the caller.  Functions: 00h (version 2.00: the module uses the
; 16-bit calls on every CPU), 08h, 09h, 0Ah, 0Bh (lengths below 64 KB),
; 10h (no UMBs: B1h); anything else: 80h.
;
; void fakexms_install(unsigned mem_seg, unsigned mem_kb)
; C twin: none (a bench helper).
; In:  [sp+2] the block's segment, [sp+4] its size in KB (at most 63).
; Out: INT 2Fh hooked: 4300h says AL = 80h, 4310h gives the entry.
; Modifies: AX BX CX DX ES flags.  Context: once, before mem_load().
        cpu     286
%include "bench_marks.inc"

R_XMS_DRV equ 30
R_XMS_DRV2 equ 29
HANDLES   equ 8

        section .text
        global  _fakexms_install

_fakexms_install:
        push    bp
        mov     bp, sp
        mov     ax, [bp+4]
        mov     [cs:mem_seg], ax
        mov     ax, [bp+6]
        mov     [cs:mem_kb], ax
        xor     ax, ax
        mov     es, ax
        mov     ax, [es:2Fh*4]
        mov     [cs:old2f], ax
        mov     ax, [es:2Fh*4+2]
        mov     [cs:old2f+2], ax
        cli
        mov     word [es:2Fh*4], int2f
        mov     [es:2Fh*4+2], cs
        sti
        pop     bp
        ret

int2f:
        cmp     ax, 4300h
        jne     .entry
        mov     al, 80h
        iret
.entry:
        cmp     ax, 4310h
        jne     .chain
        push    cs
        pop     es
        mov     bx, entry
        iret
.chain:
        jmp     far [cs:old2f]

; The driver's entry point (far).
entry:
        cmp     ah, 0Bh
        jne     .other
        cmp     word [si], 16
        jae     move
.other:
        BENCH_BEGIN R_XMS_DRV2
        cmp     ah, 0Bh
        je      move2
        cmp     ah, 00h
        je      version
        cmp     ah, 08h
        je      query
        cmp     ah, 09h
        je      alloc
        cmp     ah, 0Ah
        je      free
        mov     bl, 80h
        cmp     ah, 10h
        jne     fail
        mov     bl, 0B1h
        xor     dx, dx
fail:
        xor     ax, ax
        BENCH_END R_XMS_DRV2
        retf

version:
        mov     ax, 0200h
        mov     bx, 0100h
        xor     dx, dx
        BENCH_END R_XMS_DRV2
        retf

query:
        mov     ax, [cs:mem_kb]
        sub     ax, [cs:next_kb]
        mov     dx, ax
        xor     bl, bl
        BENCH_END R_XMS_DRV2
        retf

alloc:                                  ; DX KB at next_kb, handle = slot + 1
        push    cx
        mov     bl, 0A0h
        mov     ax, [cs:mem_kb]
        sub     ax, [cs:next_kb]
        cmp     ax, dx
        jb      .no
        mov     bl, 0A1h
        mov     cx, [cs:nhandles]
        cmp     cx, HANDLES
        jae     .no
        inc     word [cs:nhandles]
        mov     bx, cx
        shl     bx, 1
        mov     ax, [cs:next_kb]
        mov     [cs:base_kb+bx], ax
        add     [cs:next_kb], dx
        mov     dx, cx
        inc     dx
        mov     ax, 1
        pop     cx
        BENCH_END R_XMS_DRV2
        retf
.no:
        pop     cx
        jmp     fail

free:                                   ; nothing is reused
        mov     ax, 1
        BENCH_END R_XMS_DRV2
        retf

move2:                                  ; a short move: region 29
        call    copy
        BENCH_END R_XMS_DRV2
        retf

move:                                   ; a long move: region 30
        BENCH_BEGIN R_XMS_DRV
        call    copy
        BENCH_END R_XMS_DRV
        retf

; copy - function 0Bh: DS:SI -> the structure.  Out: AX = 1.
copy:
        push    ds
        push    es
        push    si
        push    di
        push    cx
        push    dx
        push    bx
        mov     cx, [si]                ; length (below 64 KB)
        mov     bx, [si+4]
        mov     ax, [si+6]
        mov     dx, [si+8]
        call    address
        push    dx
        push    ax
        mov     bx, [si+10]
        mov     ax, [si+12]
        mov     dx, [si+14]
        call    address
        mov     es, dx
        mov     di, ax
        pop     si
        pop     ds
        shr     cx, 1
        cld
        rep     movsw
        pop     bx
        pop     dx
        pop     cx
        pop     di
        pop     si
        pop     es
        pop     ds
        mov     ax, 1
        ret

; address - DX:AX = the normalised seg:off of handle BX at offset DX:AX
; (handle 0: DX:AX is seg:off already).  Modifies: AX BX DX flags.
address:
        test    bx, bx
        jnz     .block
        push    cx                      ; linear = seg * 16 + off
        mov     cx, dx
        shl     cx, 4
        shr     dx, 12
        add     ax, cx
        adc     dx, 0
        pop     cx
        jmp     .norm
.block:
        dec     bx
        shl     bx, 1
        push    cx
        mov     cx, [cs:base_kb+bx]     ; + mem_seg * 16 + base_kb * 1024
        shl     cx, 6
        add     cx, [cs:mem_seg]        ; the block's segment
        mov     bx, cx
        shl     cx, 4
        shr     bx, 12
        add     ax, cx
        adc     dx, bx
        pop     cx
.norm:                                  ; DX:AX linear -> seg:off
        push    cx
        mov     cx, ax
        and     ax, 0Fh
        shr     cx, 4
        shl     dx, 12
        or      dx, cx
        pop     cx
        ret

fakexms_data_beg:
old2f:    dd 0
mem_seg:  dw 0
mem_kb:   dw 0
next_kb:  dw 0
nhandles: dw 0
base_kb:  times HANDLES dw 0
fakexms_data_end:

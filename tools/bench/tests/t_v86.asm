; t_v86.asm - --v86 --vds (vds_provider.c): SMSW reports PE = 1 (virtual-8086
; mode), the BDA says VDS, and the provider answers as documented: version,
; a lock in a remapped page (physical = linear + 1 MB), its unlock and a
; second unlock refused (08h), a lock across two page pairs refused with
; "not contiguous" (01h) and the length that would work, a provider buffer
; requested and released (and a second release refused, 0Ah), the page map
; through the test hooks, and DOS memory ending below the provider's buffer.
; Any wrong answer exits with a distinct non-zero code.
;
;@opts --cpu 386 --v86 --vds
;@expect smsw_n 386 1
;@exit 0

        cpu     386
        org     100h
%include "bench_marks.inc"

%macro FAIL_IF 2                ; condition, exit code
        j%-1    %%ok
        mov     al, %2
        jmp     fail
%%ok:
%endmacro

        BENCH_NAME 1, "smsw"
        BENCH_BEGIN 1
        smsw    ax
        BENCH_END 1
        test    al, 1
        FAIL_IF z, 1                    ; PE = 1
        push    ds
        mov     bx, 40h
        mov     ds, bx
        test    byte [7Bh], 20h
        pop     ds
        FAIL_IF z, 2                    ; 0040:007B bit 5

        mov     ax, 8102h               ; version
        xor     dx, dx
        int     4Bh
        FAIL_IF c, 3
        cmp     ax, 0100h
        FAIL_IF ne, 4

        mov     ax, 8103h               ; lock 100 bytes at 3000:0000
        mov     dx, 4                   ; no provider buffer
        mov     di, dds
        int     4Bh
        FAIL_IF c, 5
        cmp     word [dds+12], 0        ; physical 130000h
        FAIL_IF ne, 6
        cmp     word [dds+14], 13h
        FAIL_IF ne, 7
        mov     ax, 8104h
        xor     dx, dx
        int     4Bh
        FAIL_IF c, 8
        mov     ax, 8104h               ; unlocked already: 08h
        xor     dx, dx
        int     4Bh
        FAIL_IF nc, 9
        cmp     al, 8
        FAIL_IF ne, 10

        mov     word [dds], 200h        ; 41F0:0000, 512 bytes: across
        mov     word [dds+8], 41F0h     ; pages 41h (pair 40h/41h) and 42h
        mov     ax, 8103h
        mov     dx, 4
        int     4Bh
        FAIL_IF nc, 11
        cmp     al, 1                   ; not contiguous
        FAIL_IF ne, 12
        cmp     word [dds], 100h        ; 256 bytes would have worked
        FAIL_IF ne, 13

        mov     word [dds], 1000        ; a provider buffer
        mov     ax, 8107h
        xor     dx, dx
        int     4Bh
        FAIL_IF c, 14
        cmp     word [dds+10], 1        ; id 1 at 9C000h
        FAIL_IF ne, 15
        cmp     word [dds+12], 0C000h
        FAIL_IF ne, 16
        mov     ax, 8108h
        xor     dx, dx
        int     4Bh
        FAIL_IF c, 17
        mov     ax, 8108h               ; released already: 0Ah
        xor     dx, dx
        int     4Bh
        FAIL_IF nc, 18
        cmp     al, 0Ah
        FAIL_IF ne, 19

        mov     ax, 81F0h               ; linear 51000h -> physical 1051000h
        mov     bx, 5
        mov     cx, 1000h
        int     4Bh
        FAIL_IF c, 20
        cmp     bx, 105h
        FAIL_IF ne, 21
        mov     ax, 81F2h               ; nothing held
        int     4Bh
        or      bx, cx
        FAIL_IF nz, 22

        mov     ah, 48h                 ; DOS memory ends at 9C00h
        mov     bx, 0FFFFh
        int     21h
        cmp     bx, 9C00h - 2000h
        FAIL_IF ne, 23

        mov     ax, 4C00h
        int     21h
fail:
        mov     ah, 4Ch
        int     21h

dds:    dd      100                     ; size
        dd      0                       ; offset
        dw      3000h                   ; segment
        dw      0                       ; buffer id
        dd      0                       ; physical

; t_dos.asm - host-served DOS calls: the INT is priced, the host's work is not;
; and the results of the services a bench program relies on (allocator,
; vectors, version, XMS/VDS absence, output).  Any wrong result exits with a
; distinct non-zero code (bench86 then exits 1 and the check fails).
;
;@expect int21 286 26
;@expect int21 386 39
;@expect int21_n 286 1
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

; FAIL_IF cc - go to fail when condition cc holds (fail is out of short-jump
; range and the 286 has no near Jcc)
%macro FAIL_IF 1
        j%-1    %%ok
        jmp     fail
%%ok:
%endmacro

        BENCH_NAME 1, "int21"

        BENCH_BEGIN 1
        mov     ah, 30h         ;  2  2
        int     21h             ; 286 23+m, m = 1 (the IRET a DOS handler would
                                ; start with): 24; 386: 37
        BENCH_END 1
        ; 286: 2 + 24 = 26     386: 2 + 37 = 39
        mov     dl, 1
        cmp     al, 5           ; DOS 5.0
        FAIL_IF ne

        ; --- allocator: arena 2000h..9FFFh free, PSP block 1000h..1FFFh ---
        mov     dl, 2
        mov     ah, 48h
        mov     bx, 100h
        int     21h             ; A = 2000h (100h paragraphs)
        FAIL_IF c
        cmp     ax, 2000h
        FAIL_IF ne
        mov     si, ax

        mov     dl, 3
        mov     ah, 48h
        mov     bx, 10h
        int     21h             ; B = 2100h (10h)
        FAIL_IF c
        cmp     ax, 2100h
        FAIL_IF ne
        mov     di, ax

        mov     dl, 4
        mov     es, si
        mov     ah, 49h         ; free A
        int     21h
        FAIL_IF c

        mov     dl, 5
        mov     ah, 48h
        mov     bx, 80h
        int     21h             ; first fit: back at 2000h
        FAIL_IF c
        cmp     ax, 2000h
        FAIL_IF ne

        mov     dl, 6
        mov     ah, 48h
        mov     bx, 0FFFFh
        int     21h             ; too big: CF, AX=8, BX = largest free block
        FAIL_IF nc
        cmp     ax, 8
        FAIL_IF ne
        cmp     bx, 0A000h - 2110h      ; free: 2080h..20FFh and 2110h..9FFFh
        FAIL_IF ne

        mov     dl, 7
        mov     es, di
        mov     ah, 4Ah
        mov     bx, 20h
        int     21h             ; grow B in place into the free block after it
        FAIL_IF c

        mov     dl, 8
        mov     ah, 4Ah
        mov     bx, 9000h
        int     21h             ; cannot: CF, AX=8, BX = what B could become
        FAIL_IF nc
        cmp     ax, 8
        FAIL_IF ne
        cmp     bx, 0A000h - 2100h
        FAIL_IF ne

        mov     dl, 9
        push    cs
        pop     es
        mov     ah, 4Ah
        mov     bx, 100h
        int     21h             ; shrink the PSP block to 4 KB
        FAIL_IF c

        mov     dl, 10
        mov     ah, 48h
        mov     bx, 0F00h
        int     21h             ; the freed tail of the PSP block
        FAIL_IF c
        mov     bx, cs
        add     bx, 100h
        cmp     ax, bx
        FAIL_IF ne

        mov     dl, 11
        mov     ax, 1234h
        mov     es, ax
        mov     ah, 49h
        int     21h             ; not a block: CF, AX=9
        FAIL_IF nc
        cmp     ax, 9
        FAIL_IF ne

        ; --- vectors ---
        mov     dl, 12
        mov     ax, 2560h
        mov     dx, 1234h
        int     21h
        mov     ax, 3560h
        int     21h
        mov     dl, 12
        cmp     bx, 1234h
        FAIL_IF ne
        mov     ax, es
        mov     cx, ds
        cmp     ax, cx
        FAIL_IF ne

        ; --- XMS absent, VDS absent ---
        mov     dl, 13
        mov     ax, 4300h
        int     2Fh
        cmp     al, 0
        FAIL_IF ne
        mov     dl, 14
        clc
        mov     ax, 8102h
        int     4Bh
        FAIL_IF nc

        ; --- output through handle 1 ---
        mov     dl, 15
        mov     ah, 40h
        mov     bx, 1
        mov     cx, msg_len
        mov     dx, msg
        int     21h
        FAIL_IF c
        cmp     ax, msg_len
        FAIL_IF ne

        mov     ax, 4C00h
        int     21h

fail:   mov     al, dl          ; exit code = number of the failed check
        mov     ah, 4Ch
        int     21h

msg:    db      "t_dos: services ok", 13, 10
msg_len equ     $ - msg
